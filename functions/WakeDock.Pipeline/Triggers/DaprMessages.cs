using System.Text.Json.Serialization;

namespace WakeDock.Pipeline.Triggers;

/// <summary>The answer to one delivery: <c>SUCCESS</c>, <c>RETRY</c> or <c>DROP</c> (the reason is ours; Dapr ignores it).</summary>
public sealed record DaprStatusResponse(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("reason")] string? Reason = null);

/// <summary>What a cron-binding POST to a timer function answers.</summary>
public sealed record TimerInvocationResponse(string Function, string Status, double DurationMs, string? Error);

namespace WakeDock.Pipeline.Ingest;

/// <summary>A message the ingest refused, kept with its reason in <c>deadletter/deadletter_YYYY-MM-DD.jsonl</c>.</summary>
public sealed record DeadLetter
{
    public required DateTimeOffset ReceivedAt { get; init; }

    public required string Reason { get; init; }

    /// <summary>How the message came: dapr, dapr-bulk, agent-http, in-process, broker-dead-letter.</summary>
    public required string Origin { get; init; }

    public string? Source { get; init; }

    public string? Id { get; init; }

    public string? Type { get; init; }

    /// <summary>The message as received (UTF-8 text), cut at <see cref="DeadLetterLog.MaxPayloadChars"/>.</summary>
    public string? Payload { get; init; }

    public bool PayloadTruncated { get; init; }
}

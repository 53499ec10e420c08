using System.ComponentModel.DataAnnotations;
using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using WakeDock.ServiceDefaults.Logging;
using WakeDock.EdgeAgent.Logs;
using WakeDock.Functions.Http;
using WakeDock.Functions.Security;
using WakeDock.Functions.Status;
using WakeDock.Pipeline.Options;

namespace WakeDock.Functions.Api;

/// <summary>Which lines of a container's output <c>/containers/{id}/logs</c> reads.</summary>
public sealed record LogWindow
{
    [FromQuery(Name = "tail"), DefaultValue(LogsApi.DefaultTail), Range(0, LogsApi.MaxTail), Description("The last N lines of each stream.")]
    public int? Tail { get; init; }

    [FromQuery(Name = "since"), Description("Only lines after this time: RFC 3339, or a duration back from now (30s, 10m, 1h).")]
    public string? Since { get; init; }

    [FromQuery(Name = "timestamps"), DefaultValue(true), Description("Each line with the engine's timestamp.")]
    public bool? Timestamps { get; init; }
}

internal static class LogsApi
{
    public const int DefaultTail = 200;

    /// <summary>The agent's own line cap (<c>WakeDock:Agent:Logs:MaxLines</c>, 5000 by default).</summary>
    public const int MaxTail = 5000;

    /// <summary>Under the spec's prefix and at the <c>/api/containers/{id}/logs</c> of the 000 document.</summary>
    public static void MapLogs(this RouteGroupBuilder group, string name)
        => group.MapGet("/containers/{id}/logs", ReadAsync)
            .WithName(name)
            .WithSummary("A container's recent output from the agent of its host, stdout and stderr lines marked; capped in lines and bytes (truncated says so).")
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static Task<Results<Ok<ContainerLogsResponse>, ValidationProblem, ProblemHttpResult>> ReadAsync(
        [AsParameters] LogWindow window, HttpContext context, IContainerLogSource logs, ContainerDirectory directory, IOptions<ApiOptions> options, TimeProvider time,
        [FromRoute] string id)
        => ApiProblem.AnswerAsync(async () =>
        {
            var since = window.Since is { } text
                ? text.Length >= 19 && text[4] == '-' ? ApiQuery.ParseTime("since", text) : time.GetUtcNow() - ApiQuery.ParseDuration("since", text)
                : (DateTimeOffset?)null;
            var request = new ContainerLogQuery { Tail = window.Tail ?? DefaultTail, Since = since, Timestamps = window.Timestamps ?? true };
            ContainerIds.Check(id);
            // A scoped key reads the logs of a container it can see only, found the way /containers/{id} finds it.
            if (context.ScopeOf() is { } scope && directory.Find(id, scope) is null)
            {
                throw ContainerIds.Unknown(id);
            }

            var read = await logs.ReadAsync(id, request, context.RequestAborted) ?? throw ContainerIds.Unknown(id);
            return TypedResults.Ok(options.Value.MaskContainerLogSecrets ? Masked(read) : read);
        });

    /// <summary>The lines with what <see cref="SecretMasking"/> keeps out of WakeDock's own logs replaced by <c>***</c>.</summary>
    public static ContainerLogsResponse Masked(ContainerLogsResponse logs)
        => logs with { Lines = logs.Lines.Select(line => line with { Text = SecretMasking.MaskText(line.Text) }).ToList() };
}

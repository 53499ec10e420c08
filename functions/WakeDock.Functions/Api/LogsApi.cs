using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using WakeDock.EdgeAgent.Diagnostics.Logging;
using WakeDock.EdgeAgent.Logs;
using WakeDock.Functions.Security;
using WakeDock.Pipeline.Options;

namespace WakeDock.Functions.Api;

internal static class LogsApi
{
    public const int DefaultTail = 200;

    /// <summary>The agent's own line cap (<c>WakeDock:Agent:Logs:MaxLines</c>, 5000 by default).</summary>
    public const int MaxTail = 5000;

    private static readonly ApiParameters Parameters = new(
        ApiParameter.WholeNumber("tail", "The last N lines of each stream.", DefaultTail, 0, MaxTail),
        ApiParameter.Text("since", "Only lines after this time: RFC 3339, or a duration back from now (30s, 10m, 1h)."),
        ApiParameter.Boolean("timestamps", "Each line with the engine's timestamp.", true));

    /// <summary>Under the spec's prefix and at the <c>/api/containers/{id}/logs</c> of the 000 document.</summary>
    public static void MapLogs(this RouteGroupBuilder group, string name)
        => group.MapGet("/containers/{id}/logs", ReadAsync)
            .WithName(name)
            .WithSummary("A container's recent output from the agent of its host, stdout and stderr lines marked; capped in lines and bytes (truncated says so).")
            .WithMetadata(Parameters);

    private static async Task<Ok<ContainerLogsResponse>> ReadAsync(
        HttpContext context, IContainerLogSource logs, ContainerDirectory directory, IOptions<ApiOptions> options, TimeProvider time, [FromRoute] string id)
    {
        var query = ApiQuery.Of(context);
        var since = query.Text("since") is { } text
            ? text.Length >= 19 && text[4] == '-' ? ApiQuery.ParseTime("since", text) : time.GetUtcNow() - ApiQuery.ParseDuration("since", text)
            : (DateTimeOffset?)null;
        var request = new ContainerLogQuery { Tail = query.WholeNumber("tail"), Since = since, Timestamps = query.Boolean("timestamps") };
        ContainerIds.Check(id);
        // A scoped key reads the logs of a container it can see only, found the way /containers/{id} finds it.
        if (context.ScopeOf() is { } scope && directory.Find(id, scope) is null)
        {
            throw ContainerIds.Unknown(id);
        }

        var read = await logs.ReadAsync(id, request, context.RequestAborted) ?? throw ContainerIds.Unknown(id);
        return TypedResults.Ok(options.Value.MaskContainerLogSecrets ? Masked(read) : read);
    }

    /// <summary>The lines with what <see cref="SecretMasking"/> keeps out of WakeDock's own logs replaced by <c>***</c>.</summary>
    public static ContainerLogsResponse Masked(ContainerLogsResponse logs)
        => logs with { Lines = logs.Lines.Select(line => line with { Text = SecretMasking.MaskText(line.Text) }).ToList() };
}

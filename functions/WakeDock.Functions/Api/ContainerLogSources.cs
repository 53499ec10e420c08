using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Control;
using WakeDock.EdgeAgent.Logs;
using WakeDock.Functions.Http;
using WakeDock.Functions.Status;
using WakeDock.Pipeline.Options;

namespace WakeDock.Functions.Api;

/// <summary>The logs of a container, as its host's agent read them: stdout and stderr lines marked, capped by the agent.</summary>
public sealed record ContainerLogsResponse(string ContainerId, string? Host, IReadOnlyList<ContainerLogLine> Lines, bool Truncated);

/// <summary>Where container logs come from: the agent of the host that runs the container.</summary>
public interface IContainerLogSource
{
    /// <summary>The lines, or null when no agent knows the container.</summary>
    Task<ContainerLogsResponse?> ReadAsync(string containerId, ContainerLogQuery query, CancellationToken cancellationToken);
}

/// <summary>Embedded: the agent in this process reads its engine.</summary>
internal sealed class EmbeddedContainerLogSource(IContainerLogs logs, IAgentControl agent) : IContainerLogSource
{
    public async Task<ContainerLogsResponse?> ReadAsync(string containerId, ContainerLogQuery query, CancellationToken cancellationToken)
        => await logs.ReadAsync(containerId, query, cancellationToken) is { } read
            ? new ContainerLogsResponse(read.ContainerId, agent.State.Host, read.Lines, read.Truncated)
            : null;
}

/// <summary>
/// Distributed: the container's host is the one its latest sample names; its agent (Dapr app id
/// <c>wakedock-agent-&lt;host&gt;</c>) is asked through the sidecar's service invocation, and its answer is read
/// up to a bound. A host name that is not a plain name is never turned into an address.
/// </summary>
internal sealed class DaprContainerLogSource(ContainerDirectory containers, DaprSidecar sidecar, IOptions<ApiOptions> options) : IContainerLogSource
{
    public async Task<ContainerLogsResponse?> ReadAsync(string containerId, ContainerLogQuery query, CancellationToken cancellationToken)
    {
        if (containers.Find(containerId) is not { } container)
        {
            return null;
        }

        if (container.Host is not { } host || !IsAppIdPart(host))
        {
            throw new SidecarException($"Container '{containerId}' has no agent to ask: its samples name no host usable as a Dapr app id ('{container.Host}').");
        }

        List<KeyValuePair<string, string>> parameters =
        [
            new("tail", query.Tail?.ToString(CultureInfo.InvariantCulture) ?? ""),
            new("timestamps", query.Timestamps ? "1" : "0"),
        ];
        if (query.Since is { } since)
        {
            parameters.Add(new("since", since.ToString("O", CultureInfo.InvariantCulture)));
        }

        using var response = await sidecar.InvokeAsync(PipelineNames.AgentAppIdPrefix + host, "logs/" + Uri.EscapeDataString(container.ContainerId), parameters, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new SidecarException($"The agent of host '{host}' answered {(int)response.StatusCode} for the logs of '{containerId}'.");
        }

        var limit = options.Value.MaxAgentResponseBytes;
        if (response.Content.Headers.ContentLength > limit)
        {
            throw new SidecarException($"The agent of host '{host}' sent more than {limit} bytes of logs.");
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var bytes = await ReadBoundedAsync(body, limit, host, cancellationToken);
        ContainerLogs? logs;
        try
        {
            logs = JsonSerializer.Deserialize(bytes, ApiJsonContext.Default.ContainerLogs);
        }
        catch (JsonException e)
        {
            throw new SidecarException($"The agent of host '{host}' answered logs that do not parse: {e.Message}");
        }

        return logs is null ? null : new ContainerLogsResponse(logs.ContainerId, host, logs.Lines, logs.Truncated);
    }

    /// <summary>Dapr app ids are DNS-label-like; anything else in a host name could reshape the invocation URL.</summary>
    public static bool IsAppIdPart(string host)
        => host.Length is > 0 and <= 63 && char.IsAsciiLetterOrDigit(host[0]) && host.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_');

    private static async Task<byte[]> ReadBoundedAsync(Stream body, int limit, string host, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new SidecarException($"The agent of host '{host}' sent more than {limit} bytes of logs.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

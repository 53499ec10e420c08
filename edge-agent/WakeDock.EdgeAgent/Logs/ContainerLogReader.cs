using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using WakeDock.EdgeAgent.Configuration;
using WakeDock.EdgeAgent.Docker;

namespace WakeDock.EdgeAgent.Logs;

/// <summary>
/// Container logs from the Engine API, split into lines with their stream and timestamp, capped in
/// lines (<c>Logs:MaxLines</c>, also the largest tail) and in bytes of text (<c>Logs:MaxBytes</c>).
/// </summary>
public sealed class ContainerLogReader(DockerEngineClient docker, IOptions<AgentOptions> options) : IContainerLogs
{
    private readonly LogsOptions _limits = options.Value.Logs;

    public async Task<ContainerLogs?> ReadAsync(string containerId, ContainerLogQuery query, CancellationToken cancellationToken)
    {
        if (await docker.InspectContainerAsync(containerId, cancellationToken) is not { } details)
        {
            return null;
        }

        var tail = Math.Clamp(query.Tail ?? _limits.DefaultTail, 0, _limits.MaxLines);
        using var response = await docker.OpenLogsAsync(details.Id, tail, query.Since, timestamps: true, cancellationToken);
        if (response is null)
        {
            return null;
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var lines = new List<ContainerLogLine>();
        var pending = new Dictionary<LogOutput, StringBuilder>();
        var bytes = 0;
        var truncated = false;
        await foreach (var (stream, payload) in LogFrameReader.ReadAsync(body, multiplexed: details.Config?.Tty != true, cancellationToken))
        {
            var buffer = pending.TryGetValue(stream, out var open) ? open : pending[stream] = new StringBuilder();
            buffer.Append(Encoding.UTF8.GetString(payload.Span));
            if (!TakeLines(buffer, stream, query.Timestamps, lines, ref bytes))
            {
                truncated = true;
                break;
            }
        }

        if (!truncated)
        {
            foreach (var (stream, rest) in pending.Where(p => p.Value.Length > 0))
            {
                rest.Append('\n');
                if (!TakeLines(rest, stream, query.Timestamps, lines, ref bytes))
                {
                    truncated = true;
                    break;
                }
            }
        }

        return new ContainerLogs(details.Id, lines, truncated);
    }

    private bool TakeLines(StringBuilder buffer, LogOutput stream, bool withTimestamps, List<ContainerLogLine> lines, ref int bytes)
    {
        var text = buffer.ToString();
        var start = 0;
        int end;
        while ((end = text.IndexOf('\n', start)) >= 0)
        {
            var line = text[start..end].TrimEnd('\r');
            start = end + 1;
            var (timestamp, message) = SplitTimestamp(line);
            bytes += Encoding.UTF8.GetByteCount(message);
            if (lines.Count >= _limits.MaxLines || bytes > _limits.MaxBytes)
            {
                return false;
            }

            lines.Add(new ContainerLogLine(stream == LogOutput.Stderr ? "stderr" : "stdout", withTimestamps ? timestamp : null, message));
        }

        buffer.Remove(0, start);
        return true;
    }

    /// <summary>The engine writes RFC 3339 with nanoseconds and a space before the text; .NET parses seven fraction digits.</summary>
    internal static (DateTimeOffset? Timestamp, string Text) SplitTimestamp(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (space < 20)
        {
            return (null, line);
        }

        var stamp = line[..space];
        var dot = stamp.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var zone = stamp.IndexOfAny(['Z', '+', '-'], dot);
            if (zone > dot + 8)
            {
                stamp = string.Concat(stamp.AsSpan(0, dot + 8), stamp.AsSpan(zone));
            }
        }

        return DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? (parsed.ToUniversalTime(), line[(space + 1)..])
            : (null, line);
    }
}

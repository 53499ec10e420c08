using System.Globalization;
using System.Text;
using WakeDock.Pipeline.Storage;
using WakeDock.Pipeline.Telemetry;

namespace WakeDock.Pipeline.Ingest;

/// <summary>The dead-letter file: every refused message with its reason, flushed before the DROP answer.</summary>
public sealed class DeadLetterLog(IBlobStore store, PipelineMetrics metrics, TimeProvider time)
{
    public const int MaxPayloadChars = 256 * 1024;
    public const string Prefix = "deadletter/deadletter_";

    public static string FileName(DateOnly day) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{day:yyyy-MM-dd}.jsonl");

    public async Task RecordAsync(string reason, IngestOrigin origin, ReadOnlyMemory<byte> payload, string? source, string? id, string? type, CancellationToken cancellationToken)
    {
        var text = Encoding.UTF8.GetString(payload.Span[..Math.Min(payload.Length, MaxPayloadChars * 4)]);
        var now = time.GetUtcNow();
        var letter = new DeadLetter
        {
            ReceivedAt = now,
            Reason = reason,
            Origin = OriginName(origin),
            Source = source,
            Id = id,
            Type = type,
            Payload = text.Length > MaxPayloadChars ? text[..MaxPayloadChars] : text,
            PayloadTruncated = text.Length > MaxPayloadChars || payload.Length > MaxPayloadChars * 4,
        };
        await store.AppendAsync(FileName(DateOnly.FromDateTime(now.UtcDateTime)), LineEncoder.Line(letter, IngestJsonContext.Relaxed.DeadLetter), cancellationToken);
        metrics.RecordDeadLetter();
    }

    public static string OriginName(IngestOrigin origin) => origin switch
    {
        IngestOrigin.Dapr => "dapr",
        IngestOrigin.DaprBulk => "dapr-bulk",
        IngestOrigin.AgentHttp => "agent-http",
        IngestOrigin.Queue => "queue",
        _ => "in-process",
    };
}

using System.Text.Json;
using Microsoft.Extensions.Options;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Storage;

namespace WakeDock.Pipeline.Ingest;

/// <summary>
/// Saves and restores the dedupe ledger. At start-up the saved snapshot is completed with the sequence
/// numbers of every raw segment still there (what was stored after the snapshot); a raw segment is only
/// deleted (compacted) after a snapshot that covers it was saved. With a writer id each instance saves its own
/// (<c>state/ingest-ledger.&lt;writer&gt;.json</c>) and restores the union of all of them.
/// </summary>
public sealed class LedgerCheckpoint(IBlobStore store, IngestLedger ledger, TimeProvider time, IOptions<WakeDockOptions> options)
{
    public const string FileName = "state/ingest-ledger.json";

    private const string Prefix = "state/ingest-ledger";

    public string OwnFileName => options.Value.Storage.WriterId is { } writer ? $"{Prefix}.{writer}.json" : FileName;

    public async Task SaveAsync(CancellationToken cancellationToken)
        => await store.WriteAsync(OwnFileName, JsonSerializer.SerializeToUtf8Bytes(ledger.Snapshot(time.GetUtcNow()), IngestJsonContext.Default.LedgerSnapshot), cancellationToken);

    public async Task RestoreAsync(IEnumerable<SegmentName> rawMetricSegments, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var blob in store.ListAsync(Prefix, cancellationToken))
        {
            if (blob.Name.EndsWith(".json", StringComparison.Ordinal))
            {
                names.Add(blob.Name);
            }
        }

        foreach (var name in names)
        {
            var bytes = await store.ReadAsync(name, cancellationToken: cancellationToken);
            if (bytes is { Length: > 0 } && JsonlReader.TryParse(bytes, IngestJsonContext.Default.LedgerSnapshot) is { } snapshot)
            {
                ledger.Restore(snapshot);
            }
        }

        foreach (var segment in rawMetricSegments)
        {
            var raw = await store.ReadAsync(segment.FileName, cancellationToken: cancellationToken);
            if (raw is null)
            {
                continue;
            }

            foreach (var line in JsonlReader.CompleteLines(raw))
            {
                if (JsonlReader.TryParse(line.Span, Contracts.WakeDockJson.Context.ContainerSample) is { Sequence: > 0, Host: { } host } sample)
                {
                    ledger.AddStored(host, sample.Sequence, sample.Sequence);
                }
            }
        }
    }
}

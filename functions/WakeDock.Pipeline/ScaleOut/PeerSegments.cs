using Microsoft.Extensions.Options;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Storage;

namespace WakeDock.Pipeline.ScaleOut;

/// <summary>
/// Which raw segments of other instances are closed: one with a higher number of the same writer and day (rotated), or
/// of a past day untouched for <c>ForeignSegmentQuiet</c> (every instance seals its past days within a minute).
/// </summary>
public sealed class PeerSegments(IBlobStore store, PeerFollower follower, TimeProvider time, IOptions<WakeDockOptions> options) : ISegmentPeers
{
    public async Task<IReadOnlyList<SegmentName>> ClosedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await follower.CatchUpAsync(now, cancellationToken);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var self = options.Value.Storage.WriterId;
        var raw = new List<(SegmentName Name, DateTimeOffset? Modified)>();
        var highest = new Dictionary<(string Kind, DateOnly Day, string? Writer), int>();
        foreach (var kind in new[] { SegmentName.Metrics, SegmentName.Alerts })
        {
            await foreach (var blob in store.ListAsync(kind + "_", cancellationToken))
            {
                if (SegmentName.TryParse(blob.Name) is not { } name || name.Writer == self)
                {
                    continue;
                }

                var key = (name.Kind, name.Day, name.Writer);
                highest[key] = Math.Max(highest.GetValueOrDefault(key, -1), name.Number);
                if (!name.Compressed)
                {
                    raw.Add((name, blob.LastModified));
                }
            }
        }

        var quiet = options.Value.ScaleOut.ForeignSegmentQuiet;
        return [.. raw.Where(r => highest[(r.Name.Kind, r.Name.Day, r.Name.Writer)] > r.Name.Number
                                  || (r.Name.Day < today && r.Modified is { } modified && now - modified >= quiet))
            .Select(r => r.Name)];
    }
}

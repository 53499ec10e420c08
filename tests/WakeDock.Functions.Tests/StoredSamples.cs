using WakeDock.Contracts;
using WakeDock.Pipeline.Storage;

namespace WakeDock.Functions.Tests;

/// <summary>How many times each (host, sequence) is in a store's metrics segments, raw or compacted; torn lines skipped as any reader does.</summary>
internal static class StoredSamples
{
    public static async Task<Dictionary<(string Host, long Sequence), int>> CountAsync(IBlobStore store, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<(string, long), int>();
        await foreach (var blob in store.ListAsync("metrics_", cancellationToken))
        {
            var bytes = await store.ReadAsync(blob.Name, cancellationToken: cancellationToken) ?? [];
            var lines = blob.Name.EndsWith(".gz", StringComparison.Ordinal) ? JsonlReader.Gunzip(bytes) : bytes;
            foreach (var sample in JsonlReader.Read(lines, WakeDockJson.Context.ContainerSample))
            {
                var key = (sample.Host!, sample.Sequence);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        return counts;
    }

    /// <summary>The same for a local storage folder.</summary>
    public static async Task<Dictionary<(string Host, long Sequence), int>> InFolderAsync(string folder, CancellationToken cancellationToken)
    {
        await using var store = new Pipeline.Storage.Local.LocalFolderStore(folder);
        return await CountAsync(store, cancellationToken);
    }
}

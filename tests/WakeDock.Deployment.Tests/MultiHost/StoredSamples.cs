using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace WakeDock.Deployment.Tests.MultiHost;

/// <summary>
/// What the functions host stored, read straight from its folder as <c>zcat | jq</c> would: every
/// metrics file, raw or gzip'd, one JSON object a line; a torn last line is skipped as every reader does.
/// </summary>
internal static class StoredSamples
{
    /// <summary>How many times each (host, sequence) is stored.</summary>
    public static Dictionary<(string Host, long Sequence), int> Count(string folder)
    {
        var counts = new Dictionary<(string, long), int>();
        foreach (var file in Directory.GetFiles(folder, "metrics_*"))
        {
            foreach (var line in Lines(file))
            {
                JsonElement sample;
                try
                {
                    sample = JsonDocument.Parse(line).RootElement;
                }
                catch (JsonException)
                {
                    continue;
                }

                var key = (sample.GetProperty("host").GetString()!, sample.GetProperty("sequence").GetInt64());
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        return counts;
    }

    private static IEnumerable<string> Lines(string file)
    {
        using var stream = File.Open(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using Stream content = file.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
        using var reader = new StreamReader(content, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                yield return line;
            }
        }
    }
}

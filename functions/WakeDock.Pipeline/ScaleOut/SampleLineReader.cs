using System.Text.Json;
using WakeDock.Contracts;
using WakeDock.Pipeline.Storage;

namespace WakeDock.Pipeline.ScaleOut;

/// <summary>
/// Reads the stored lines of other instances' raw segments into samples, as the serializer would, at a quarter of its
/// cost: one pass of the reader, and the strings a container repeats in every sample (its id, name, service, host,
/// image) taken from a pool instead of allocated for each line. Following every peer's samples is the price of
/// scale-out (docs/scale-out.md); this keeps it small.
/// </summary>
public sealed class SampleLineReader
{
    private const int MaxPooled = 200_000;
    private const int MaxPooledLength = 256;

    // In the order the serializer writes them, so that most lookups end at their first comparisons.
    private static readonly (byte[] Utf8, SampleField Field)[] Fields =
    [
        ("container_id"u8.ToArray(), SampleField.ContainerId),
        ("container_name"u8.ToArray(), SampleField.ContainerName),
        ("service_name"u8.ToArray(), SampleField.ServiceName),
        ("timestamp"u8.ToArray(), SampleField.Timestamp),
        ("cpu_percent"u8.ToArray(), SampleField.CpuPercent),
        ("memory_usage"u8.ToArray(), SampleField.MemoryUsage),
        ("memory_limit"u8.ToArray(), SampleField.MemoryLimit),
        ("memory_percent"u8.ToArray(), SampleField.MemoryPercent),
        ("network_rx_bytes"u8.ToArray(), SampleField.NetworkRxBytes),
        ("network_tx_bytes"u8.ToArray(), SampleField.NetworkTxBytes),
        ("pids"u8.ToArray(), SampleField.Pids),
        ("host"u8.ToArray(), SampleField.Host),
        ("image"u8.ToArray(), SampleField.Image),
        ("network_rx_bytes_per_sec"u8.ToArray(), SampleField.NetworkRxBytesPerSec),
        ("network_tx_bytes_per_sec"u8.ToArray(), SampleField.NetworkTxBytesPerSec),
        ("block_read_bytes"u8.ToArray(), SampleField.BlockReadBytes),
        ("block_write_bytes"u8.ToArray(), SampleField.BlockWriteBytes),
        ("sequence"u8.ToArray(), SampleField.Sequence),
    ];

    private readonly HashSet<string> _pool = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public SampleLineReader() => _lookup = _pool.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The samples of the complete lines of <paramref name="data"/>; a line that is not a sample is left out.</summary>
    public List<ContainerSample> ReadAll(ReadOnlyMemory<byte> data)
    {
        var samples = new List<ContainerSample>();
        foreach (var line in JsonlReader.CompleteLines(data))
        {
            if (Read(line.Span) is { } sample)
            {
                samples.Add(sample);
            }
        }

        return samples;
    }

    /// <summary>The sample one line holds, or null when it holds none (not JSON, a field of the wrong type, no container id or timestamp).</summary>
    public ContainerSample? Read(ReadOnlySpan<byte> line)
    {
        try
        {
            return ReadObject(line);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private ContainerSample? ReadObject(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        string? id = null, name = null, service = null, host = null, image = null;
        DateTimeOffset? timestamp = null;
        double cpu = 0, memoryPercent = 0, rxRate = 0, txRate = 0;
        long memory = 0, limit = 0, rx = 0, tx = 0, pids = 0, blockRead = 0, blockWrite = 0, sequence = 0;
        var next = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Field(ref reader, ref next);
            reader.Read();
            switch (field)
            {
                case SampleField.ContainerId: id = Text(ref reader); break;
                case SampleField.ContainerName: name = Text(ref reader); break;
                case SampleField.ServiceName: service = Text(ref reader); break;
                case SampleField.Host: host = Text(ref reader); break;
                case SampleField.Image: image = Text(ref reader); break;
                case SampleField.Timestamp: timestamp = reader.GetDateTimeOffset().ToUniversalTime(); break;
                case SampleField.CpuPercent: cpu = reader.GetDouble(); break;
                case SampleField.MemoryPercent: memoryPercent = reader.GetDouble(); break;
                case SampleField.NetworkRxBytesPerSec: rxRate = reader.GetDouble(); break;
                case SampleField.NetworkTxBytesPerSec: txRate = reader.GetDouble(); break;
                case SampleField.MemoryUsage: memory = reader.GetInt64(); break;
                case SampleField.MemoryLimit: limit = reader.GetInt64(); break;
                case SampleField.NetworkRxBytes: rx = reader.GetInt64(); break;
                case SampleField.NetworkTxBytes: tx = reader.GetInt64(); break;
                case SampleField.Pids: pids = reader.GetInt64(); break;
                case SampleField.BlockReadBytes: blockRead = reader.GetInt64(); break;
                case SampleField.BlockWriteBytes: blockWrite = reader.GetInt64(); break;
                case SampleField.Sequence: sequence = reader.GetInt64(); break;
                default: reader.Skip(); break;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || id is null || timestamp is not { } at)
        {
            return null;
        }

        return new ContainerSample
        {
            ContainerId = id,
            ContainerName = name,
            ServiceName = service,
            Timestamp = at,
            CpuPercent = cpu,
            MemoryUsage = memory,
            MemoryLimit = limit,
            MemoryPercent = memoryPercent,
            NetworkRxBytes = rx,
            NetworkTxBytes = tx,
            Pids = pids,
            Host = host,
            Image = image,
            NetworkRxBytesPerSec = rxRate,
            NetworkTxBytesPerSec = txRate,
            BlockReadBytes = blockRead,
            BlockWriteBytes = blockWrite,
            Sequence = sequence,
        };
    }

    /// <summary>The field a property names, looked for first where the previous one was found.</summary>
    private static SampleField Field(ref Utf8JsonReader reader, ref int next)
    {
        for (var i = 0; i < Fields.Length; i++)
        {
            var at = (next + i) % Fields.Length;
            if (reader.ValueTextEquals(Fields[at].Utf8))
            {
                next = at + 1;
                return Fields[at].Field;
            }
        }

        return SampleField.Unknown;
    }

    private string? Text(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("a text field holds no text");
        }

        var length = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length > MaxPooledLength)
        {
            return reader.GetString();
        }

        Span<char> chars = stackalloc char[length];
        var text = chars[..reader.CopyString(chars)];
        if (_lookup.TryGetValue(text, out var pooled))
        {
            return pooled;
        }

        if (_pool.Count >= MaxPooled)
        {
            _pool.Clear();
        }

        var added = text.ToString();
        _pool.Add(added);
        return added;
    }

    private enum SampleField
    {
        Unknown,
        ContainerId,
        ContainerName,
        ServiceName,
        Host,
        Image,
        Timestamp,
        CpuPercent,
        MemoryPercent,
        NetworkRxBytesPerSec,
        NetworkTxBytesPerSec,
        MemoryUsage,
        MemoryLimit,
        NetworkRxBytes,
        NetworkTxBytes,
        Pids,
        BlockReadBytes,
        BlockWriteBytes,
        Sequence,
    }
}

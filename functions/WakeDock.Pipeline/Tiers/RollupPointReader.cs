using System.Text.Json;
using WakeDock.Pipeline.Storage;

namespace WakeDock.Pipeline.Tiers;

/// <summary>
/// Reads tier lines without the general serializer: a 7-day chart parses ten thousand of them per
/// query, and this reader is several times faster (no constructor-argument caching, the identity
/// strings of a member shared between its lines). Unknown properties are skipped; a line that does
/// not parse is skipped, like any torn or corrupt line.
/// </summary>
public static class RollupPointReader
{
    public static List<RollupPoint> Read(ReadOnlyMemory<byte> jsonl, DateTimeOffset from, DateTimeOffset to)
    {
        var points = new List<RollupPoint>();
        var identity = new IdentityCache();
        foreach (var line in JsonlReader.CompleteLines(jsonl))
        {
            try
            {
                if (Parse(line.Span, identity) is { } point && point.Timestamp >= from && point.Timestamp <= to)
                {
                    points.Add(point);
                }
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                // a corrupt line is skipped
            }
        }

        return points;
    }

    private static RollupPoint? Parse(ReadOnlySpan<byte> line, IdentityCache identity)
    {
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        string? containerId = null, name = null, service = null, host = null, image = null;
        DateTimeOffset? timestamp = null;
        double step = 0;
        int count = 0;
        Aggregate? cpu = null, memoryPercent = null, memoryUsage = null, rx = null, tx = null, pids = null;
        long limit = 0, rxBytes = 0, txBytes = 0, read = 0, written = 0, sequence = 0;
        var expected = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = FieldOf(reader.ValueSpan, expected);
            expected = field + 1;
            reader.Read();
            switch (field)
            {
                case 0: containerId = identity.Text(ref reader, 0); break;
                case 1: name = identity.Text(ref reader, 1); break;
                case 2: service = identity.Text(ref reader, 2); break;
                case 3: host = identity.Text(ref reader, 3); break;
                case 4: image = identity.Text(ref reader, 4); break;
                case 5: timestamp = reader.GetDateTimeOffset().ToUniversalTime(); break;
                case 6: step = reader.GetDouble(); break;
                case 7: count = reader.GetInt32(); break;
                case 8: cpu = ReadAggregate(ref reader); break;
                case 9: memoryPercent = ReadAggregate(ref reader); break;
                case 10: memoryUsage = ReadAggregate(ref reader); break;
                case 11: rx = ReadAggregate(ref reader); break;
                case 12: tx = ReadAggregate(ref reader); break;
                case 13: pids = ReadAggregate(ref reader); break;
                case 14: limit = reader.GetInt64(); break;
                case 15: rxBytes = reader.GetInt64(); break;
                case 16: txBytes = reader.GetInt64(); break;
                case 17: read = reader.GetInt64(); break;
                case 18: written = reader.GetInt64(); break;
                case 19: sequence = reader.GetInt64(); break;
                default: reader.Skip(); break;
            }
        }

        if (containerId is null || timestamp is null || cpu is null || memoryPercent is null || memoryUsage is null || rx is null || tx is null || pids is null)
        {
            return null;
        }

        return new RollupPoint
        {
            ContainerId = containerId,
            ContainerName = name,
            ServiceName = service,
            Host = host,
            Image = image,
            Timestamp = timestamp.Value,
            StepSeconds = step,
            Count = count,
            CpuPercent = cpu,
            MemoryPercent = memoryPercent,
            MemoryUsage = memoryUsage,
            NetworkRxBytesPerSec = rx,
            NetworkTxBytesPerSec = tx,
            Pids = pids,
            MemoryLimit = limit,
            NetworkRxBytes = rxBytes,
            NetworkTxBytes = txBytes,
            BlockReadBytes = read,
            BlockWriteBytes = written,
            Sequence = sequence,
        };
    }

    /// <summary>The fields in the order <see cref="RollupPoint"/> is written, so that the next name is nearly always the expected one.</summary>
    private static readonly byte[][] Fields =
    [
        "container_id"u8.ToArray(), "container_name"u8.ToArray(), "service_name"u8.ToArray(), "host"u8.ToArray(), "image"u8.ToArray(),
        "timestamp"u8.ToArray(), "step_seconds"u8.ToArray(), "count"u8.ToArray(), "cpu_percent"u8.ToArray(), "memory_percent"u8.ToArray(),
        "memory_usage"u8.ToArray(), "network_rx_bytes_per_sec"u8.ToArray(), "network_tx_bytes_per_sec"u8.ToArray(), "pids"u8.ToArray(),
        "memory_limit"u8.ToArray(), "network_rx_bytes"u8.ToArray(), "network_tx_bytes"u8.ToArray(), "block_read_bytes"u8.ToArray(),
        "block_write_bytes"u8.ToArray(), "sequence"u8.ToArray(),
    ];

    private static int FieldOf(ReadOnlySpan<byte> name, int expected)
    {
        if (expected < Fields.Length && name.SequenceEqual(Fields[expected]))
        {
            return expected;
        }

        for (var i = 0; i < Fields.Length; i++)
        {
            if (name.SequenceEqual(Fields[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static Aggregate ReadAggregate(ref Utf8JsonReader reader)
    {
        double min = 0, avg = 0, max = 0, last = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = reader.ValueSpan;
            reader.Read();
            var value = reader.GetDouble();
            switch (property.Length > 1 ? property[1] : 0)
            {
                case (byte)'i': min = value; break;
                case (byte)'v': avg = value; break;
                case (byte)'a' when property[0] == (byte)'m': max = value; break;
                case (byte)'a': last = value; break;
            }
        }

        return new Aggregate(min, avg, max, last);
    }

    /// <summary>The lines of one member are one container's: its strings are read once.</summary>
    private sealed class IdentityCache
    {
        private readonly string?[] _texts = new string?[5];

        public string? Text(ref Utf8JsonReader reader, int slot)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            if (_texts[slot] is { } known && !reader.ValueIsEscaped && reader.ValueTextEquals(known))
            {
                return known;
            }

            return _texts[slot] = reader.GetString();
        }
    }
}

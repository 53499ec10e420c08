using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using WakeDock.Contracts;
using WakeDock.Pipeline.ScaleOut;

namespace WakeDock.Pipeline.Tests.ScaleOut;

/// <summary>
/// The follower's own line reader against the serializer it replaces: for any stored sample — and any line made from
/// one by reordering its fields, adding unknown ones, nulling, retyping or cutting it — both give the same sample, or
/// both none.
/// </summary>
public sealed class SampleLineReaderProperties
{
    private static readonly string[] Texts = ["web", "api-1", "svc \"quoted\"", "back\\slash", "élevé", "日本", "tab\there", "", "x/y:z"];

    [Fact]
    public void AStoredSampleReadsAsTheSerializerReadsIt()
    {
        var reader = new SampleLineReader();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var sample = SampleOf(new Random(seed));
            var line = JsonSerializer.SerializeToUtf8Bytes(sample, WakeDockJson.Context.ContainerSample);
            Assert.Equal(sample, reader.Read(line));
        }));
    }

    [Fact]
    public void AnyLineMadeFromASampleReadsAsTheSerializerReadsIt()
    {
        var reader = new SampleLineReader();
        var read = 0;
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000), Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            var line = Mangle(random, JsonSerializer.SerializeToNode(SampleOf(random), WakeDockJson.Context.ContainerSample)!.AsObject());
            var expected = Serializer(line);
            Assert.Equal(expected, reader.Read(line));
            read += expected is null ? 0 : 1;
        }));

        // the mangling must leave both outcomes common, or the property says little
        Assert.InRange(read, 300, 2700);
    }

    [Fact]
    public void ContainersRepeatTheirStringsFromThePoolAndAllLinesOfASegmentAreRead()
    {
        var reader = new SampleLineReader();
        var random = new Random(7);
        var samples = Enumerable.Range(0, 50).Select(i => SampleOf(random) with { ContainerId = $"c{i % 5}", ContainerName = $"name-{i % 5}" }).ToList();
        var segment = new MemoryStream();
        foreach (var sample in samples)
        {
            segment.Write(JsonSerializer.SerializeToUtf8Bytes(sample, WakeDockJson.Context.ContainerSample));
            segment.WriteByte((byte)'\n');
        }

        segment.Write("not json\n{\"container_id\":\"half"u8);
        var read = reader.ReadAll(segment.ToArray());

        Assert.Equal(samples, read);
        Assert.Same(read[0].ContainerId, read[5].ContainerId);
        Assert.Same(read[1].ContainerName, read[46].ContainerName);
    }

    private static ContainerSample? Serializer(byte[] line)
    {
        try
        {
            // a null container id is a line the follower cannot key: its reader leaves it out
            return JsonSerializer.Deserialize(line, WakeDockJson.Context.ContainerSample) is { ContainerId: not null } sample ? sample : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ContainerSample SampleOf(Random random) => new()
    {
        ContainerId = Text(random) + random.Next(1000),
        ContainerName = Maybe(random),
        ServiceName = Maybe(random),
        Host = Maybe(random),
        Image = Maybe(random),
        Timestamp = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(random.NextInt64(TimeSpan.TicksPerDay * 800)),
        CpuPercent = Number(random),
        MemoryUsage = random.NextInt64(),
        MemoryLimit = random.Next(3) == 0 ? 0 : random.NextInt64(),
        MemoryPercent = Number(random),
        NetworkRxBytes = random.NextInt64(),
        NetworkTxBytes = random.NextInt64(-5, long.MaxValue),
        Pids = random.Next(0, 5000),
        NetworkRxBytesPerSec = Number(random),
        NetworkTxBytesPerSec = Number(random),
        BlockReadBytes = random.NextInt64(),
        BlockWriteBytes = random.NextInt64(),
        Sequence = random.NextInt64(0, long.MaxValue),
    };

    private static double Number(Random random) => random.Next(4) switch
    {
        0 => 0,
        1 => random.Next(100),
        2 => random.NextDouble() * 400,
        _ => random.NextDouble() * 1e15,
    };

    private static string Text(Random random) => Texts[random.Next(Texts.Length)];

    private static string? Maybe(Random random) => random.Next(4) == 0 ? null : Text(random);

    /// <summary>The sample's fields shuffled, with zero to three of: an unknown field (nested or not), a field nulled, retyped, dropped, given twice, a cut or a stray byte.</summary>
    private static byte[] Mangle(Random random, JsonObject sample)
    {
        var fields = sample.Select(f => (f.Key, Value: f.Value?.DeepClone())).OrderBy(_ => random.Next()).ToList();
        var changes = random.Next(4);
        for (var c = 0; c < changes && fields.Count > 0; c++)
        {
            var at = random.Next(fields.Count);
            switch (random.Next(6))
            {
                case 0:
                    fields.Insert(at, ($"extra_{random.Next(3)}", random.Next(2) == 0 ? JsonNode.Parse("{\"a\":[1,{\"b\":null}],\"c\":\"d\"}") : JsonValue.Create(42)));
                    break;
                case 1:
                    fields[at] = (fields[at].Key, null);
                    break;
                case 2:
                    fields[at] = (fields[at].Key, fields[at].Value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? JsonValue.Create(12) : JsonValue.Create("12"));
                    break;
                case 3:
                    fields.RemoveAt(at);
                    break;
                case 4:
                    fields.Add((fields[at].Key, fields[random.Next(fields.Count)].Value?.DeepClone()));
                    break;
                default:
                    fields[at] = (fields[at].Key, random.Next(2) == 0 ? JsonValue.Create(1.5) : JsonValue.Create(-3));
                    break;
            }
        }

        var text = new StringBuilder("{");
        text.AppendJoin(',', fields.Select(f => JsonSerializer.Serialize(f.Key) + ":" + (f.Value?.ToJsonString() ?? "null")));
        text.Append('}');
        var line = Encoding.UTF8.GetBytes(text.ToString());
        return random.Next(12) switch
        {
            0 => line[..random.Next(line.Length)],
            1 => [.. line, (byte)'x'],
            _ => line,
        };
    }
}

using System.Text;
using FsCheck;
using FsCheck.Fluent;
using WakeDock.Contracts;
using WakeDock.Pipeline.Storage;
using WakeDock.Testing;

namespace WakeDock.Pipeline.Tests.Storage;

/// <summary>Whatever happens to the tail of a segment — cut anywhere, or its last line overwritten with garbage — only the torn line is lost.</summary>
public sealed class JsonlReaderProperties
{
    private static readonly Gen<ContainerSample> SampleGen =
        from id in Gen.Elements("abc123", "def456", "é-ü-中", "x\"quoted\"")
        from cpu in Gen.Choose(0, 40_000)
        from seconds in Gen.Choose(0, 86_399)
        from sequence in Gen.Choose(1, 1_000_000)
        select Samples.Of(id, new DateTimeOffset(2025, 1, 16, 0, 0, 0, TimeSpan.Zero).AddSeconds(seconds), cpu / 100.0, sequence: sequence);

    private static byte[] Encode(IReadOnlyList<ContainerSample> samples)
        => samples.SelectMany(s => LineEncoder.Line(s, WakeDockJson.Context.ContainerSample)).ToArray();

    [Fact]
    public void ATruncatedSegmentLosesOnlyItsTornLastLine()
    {
        var gen = from samples in Gen.NonEmptyListOf(SampleGen)
                  from cut in Gen.Choose(0, Encode(samples).Length)
                  select (samples, cut);

        Check.QuickThrowOnFailure(Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var (samples, cut) = t;
            var bytes = Encode(samples);
            var whole = CompleteLinesBefore(samples, cut);
            var read = JsonlReader.Read(bytes.AsMemory(0, cut), WakeDockJson.Context.ContainerSample);
            return read.SequenceEqual(samples.Take(whole));
        }));
    }

    [Fact]
    public void GarbageOverTheTailLosesOnlyTheLinesItTouches()
    {
        var gen = from samples in Gen.NonEmptyListOf(SampleGen)
                  from start in Gen.Choose(0, Encode(samples).Length - 1)
                  from garbage in Gen.NonEmptyListOf(Gen.Choose(0, 255).Select(b => (byte)b).Where(b => b != (byte)'\n'))
                  select (samples, start, garbage);

        Check.QuickThrowOnFailure(Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var (samples, start, garbage) = t;
            var bytes = Encode(samples)[..start].Concat(garbage).ToArray();
            var read = JsonlReader.Read(bytes, WakeDockJson.Context.ContainerSample);
            return read.SequenceEqual(samples.Take(CompleteLinesBefore(samples, start)));
        }));
    }

    [Fact]
    public void TheCompleteLengthEndsOnTheLastNewline()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(Gen.ListOf(Gen.Elements("a", "{}", "\n", "é")).ToArbitrary(), parts =>
        {
            var bytes = Encoding.UTF8.GetBytes(string.Concat(parts));
            var complete = JsonlReader.CompleteLength(bytes);
            return complete == 0 ? !bytes.Contains((byte)'\n') : bytes[complete - 1] == '\n' && !bytes.AsSpan((int)complete).Contains((byte)'\n');
        }));
    }

    private static int CompleteLinesBefore(IReadOnlyList<ContainerSample> samples, int length)
    {
        var count = 0;
        var end = 0;
        foreach (var sample in samples)
        {
            end += LineEncoder.Line(sample, WakeDockJson.Context.ContainerSample).Length;
            if (end > length)
            {
                break;
            }

            count++;
        }

        return count;
    }
}

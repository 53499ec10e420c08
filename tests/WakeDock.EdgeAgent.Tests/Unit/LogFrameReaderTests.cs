using System.Buffers.Binary;
using System.Text;
using WakeDock.EdgeAgent.Logs;

namespace WakeDock.EdgeAgent.Tests.Unit;

public sealed class LogFrameReaderTests
{
    [Fact]
    public async Task MultiplexedFramesAreSplitByTheirHeaderEvenWhenTheyArriveByteByByte()
    {
        var wire = Frame(1, "out line\n").Concat(Frame(2, "err line\n")).Concat(Frame(1, "")).ToArray();
        await using var trickle = new TrickleStream(wire);

        var frames = new List<(LogOutput, string)>();
        await foreach (var (stream, payload) in LogFrameReader.ReadAsync(trickle, multiplexed: true, TestContext.Current.CancellationToken))
        {
            frames.Add((stream, Encoding.UTF8.GetString(payload.Span)));
        }

        Assert.Equal([(LogOutput.Stdout, "out line\n"), (LogOutput.Stderr, "err line\n"), (LogOutput.Stdout, "")], frames);
    }

    [Fact]
    public async Task ATtyStreamIsRawStdout()
    {
        await using var raw = new MemoryStream("\u0001not a header\r\n"u8.ToArray());

        var frames = new List<(LogOutput, string)>();
        await foreach (var (stream, payload) in LogFrameReader.ReadAsync(raw, multiplexed: false, TestContext.Current.CancellationToken))
        {
            frames.Add((stream, Encoding.UTF8.GetString(payload.Span)));
        }

        Assert.Equal([(LogOutput.Stdout, "\u0001not a header\r\n")], frames);
    }

    [Fact]
    public async Task ATruncatedLastFrameYieldsWhatArrived()
    {
        var wire = Frame(1, "complete\n").Concat(Frame(2, "cut short")[..12]).ToArray();
        await using var stream = new MemoryStream(wire);

        var payloads = new List<string>();
        await foreach (var (_, payload) in LogFrameReader.ReadAsync(stream, multiplexed: true, TestContext.Current.CancellationToken))
        {
            payloads.Add(Encoding.UTF8.GetString(payload.Span));
        }

        Assert.Equal(["complete\n", "cut "], payloads);
    }

    [Theory]
    [InlineData("2026-11-21T05:32:10.951459454Z hello world", "hello world", 9514594)]
    [InlineData("2026-11-21T05:32:10Z x", "x", 0)]
    public void EngineTimestampsWithNanosecondsAreParsed(string line, string text, long fractionTicks)
    {
        var (timestamp, message) = ContainerLogReader.SplitTimestamp(line);

        Assert.Equal(text, message);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 5, 32, 10, TimeSpan.Zero).AddTicks(fractionTicks), timestamp);
    }

    [Fact]
    public void ALineWithoutATimestampIsKeptWhole()
        => Assert.Equal((null, "plain text here"), ContainerLogReader.SplitTimestamp("plain text here"));

    private static byte[] Frame(byte stream, string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var frame = new byte[8 + payload.Length];
        frame[0] = stream;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(frame, 8);
        return frame;
    }

    /// <summary>Hands out one byte per read, as a slow socket may.</summary>
    private sealed class TrickleStream(byte[] content) : MemoryStream(content)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}

using System.Buffers.Text;
using System.Text;

namespace WakeDock.EdgeAgent.Cgroups;

/// <summary>An interface's counters from <c>/proc/net/dev</c>.</summary>
public sealed record InterfaceCounters(string Device, ulong RxBytes, ulong RxPackets, ulong RxErrors, ulong RxDropped,
    ulong TxBytes, ulong TxPackets, ulong TxErrors, ulong TxDropped);

/// <summary><c>/proc/…/net/dev</c>: every interface's receive and transmit counters.</summary>
public static class NetDevFile
{
    public static List<InterfaceCounters> Parse(ReadOnlySpan<byte> content)
    {
        var interfaces = new List<InterfaceCounters>();
        Span<Range> fields = stackalloc Range[16];
        Span<ulong> values = stackalloc ulong[16];
        foreach (var range in content.Split((byte)'\n'))
        {
            var line = content[range];
            var colon = line.IndexOf((byte)':');
            if (colon < 0)
            {
                continue; // the two header lines
            }

            // rx: bytes packets errs drop fifo frame compressed multicast, then tx: bytes packets errs drop …
            var counters = line[(colon + 1)..];
            if (KernelFile.SplitFields(counters, fields) < 16)
            {
                continue;
            }

            for (var i = 0; i < 16; i++)
            {
                values[i] = Utf8Parser.TryParse(counters[fields[i]], out ulong value, out _) ? value : 0;
            }

            interfaces.Add(new InterfaceCounters(Encoding.ASCII.GetString(line[..colon].Trim(" "u8)), values[0], values[1], values[2], values[3],
                values[8], values[9], values[10], values[11]));
        }

        return interfaces;
    }
}

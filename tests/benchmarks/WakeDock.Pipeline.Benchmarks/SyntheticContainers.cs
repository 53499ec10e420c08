using System.Security.Cryptography;
using System.Text;
using WakeDock.Contracts;

namespace WakeDock.Pipeline.Benchmarks;

/// <summary>
/// Containers that behave like a real host's: 3 in 10 busy by default (CPU wandering, memory moving, steady
/// traffic, disk writes now and then), the rest mostly idle. Deterministic per seed.
/// </summary>
internal sealed class SyntheticContainers
{
    private readonly Container[] _containers;
    private readonly Dictionary<string, long> _sequences = new(StringComparer.Ordinal);

    public SyntheticContainers(int count, int hosts, int seed, int busyTenths = 3)
    {
        var random = new Random(seed);
        _containers = Enumerable.Range(0, count).Select(i => new Container(
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"container-{seed}-{i}"))),
            $"app-{i:000}", $"svc-{i % 20:00}", $"host-{i % hosts}", $"registry.local/svc-{i % 20:00}:1.{i % 7}", i % 10 < busyTenths, new Random(random.Next()))).ToArray();
    }

    public IReadOnlyList<string> ContainerIds => _containers.Select(c => c.Id).ToList();

    public IEnumerable<string> Hosts => _containers.Select(c => c.Host).Distinct();

    /// <summary>One sample of every container at <paramref name="at"/>, after <paramref name="interval"/> seconds.</summary>
    public IEnumerable<ContainerSample> Step(DateTimeOffset at, double interval, string? onlyHost = null)
    {
        foreach (var c in _containers)
        {
            if (onlyHost is not null && c.Host != onlyHost)
            {
                continue;
            }

            var sequence = _sequences[c.Host] = _sequences.GetValueOrDefault(c.Host) + 1;
            yield return c.Next(at, interval, sequence);
        }
    }

    private sealed class Container(string id, string name, string service, string host, string image, bool busy, Random random)
    {
        private const long Limit = 2L * 1024 * 1024 * 1024;
        private double _cpu = busy ? 30 : 0.05;
        private long _memory = busy ? 600_000_000 : 40_000_000;
        private readonly long _read = 12_345_678;
        private long _rx, _tx, _written = 98_765_432;

        public string Id => id;

        public string Host => host;

        public ContainerSample Next(DateTimeOffset at, double interval, long sequence)
        {
            double rxRate, txRate;
            if (busy)
            {
                _cpu = Math.Clamp(_cpu + Gauss(2), 0, 100);
                _memory = Math.Max(1, _memory + (long)Gauss(200_000));
                rxRate = Math.Max(0, Math.Round(20_000 + Gauss(5_000)));
                txRate = Math.Max(0, Math.Round(8_000 + Gauss(2_000)));
                if (random.NextDouble() < 0.05)
                {
                    _written += random.Next(0, 100_000) * 4096L;
                }
            }
            else
            {
                _cpu = Math.Abs(0.05 + Gauss(0.05));
                _memory += random.NextDouble() < 0.2 ? (random.Next(2) * 2 - 1) * 4096 : 0;
                rxRate = random.Next(5) == 0 ? 90 : 0;
                txRate = 0;
            }

            _rx += (long)(rxRate * interval);
            _tx += (long)(txRate * interval);
            return new ContainerSample
            {
                ContainerId = id,
                ContainerName = name,
                ServiceName = service,
                Timestamp = at,
                CpuPercent = Math.Round(_cpu, 2),
                MemoryUsage = _memory,
                MemoryLimit = Limit,
                MemoryPercent = Math.Round(_memory * 100.0 / Limit, 2),
                NetworkRxBytes = _rx,
                NetworkTxBytes = _tx,
                Pids = busy ? 17 : 3,
                Host = host,
                Image = image,
                NetworkRxBytesPerSec = rxRate,
                NetworkTxBytesPerSec = txRate,
                BlockReadBytes = _read,
                BlockWriteBytes = _written,
                Sequence = sequence,
            };
        }

        private double Gauss(double sigma)
            => sigma * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
    }
}

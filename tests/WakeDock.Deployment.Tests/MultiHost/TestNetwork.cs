using System.Security.Cryptography;
using WakeDock.Testing;

namespace WakeDock.Deployment.Tests.MultiHost;

/// <summary>One simulated host: a network namespace joined to the root namespace by a veth pair on its own /30.</summary>
internal sealed record TestHost(int Index, string Namespace, string RootLink, string RootAddress, string HostAddress)
{
    /// <summary>Runs a command inside the namespace.</summary>
    public IReadOnlyList<string> Exec => ["ip", "netns", "exec", Namespace];
}

/// <summary>
/// Network namespaces made for the test with <c>ip netns</c> and veth pairs (root side <c>10.77.X.4n+1</c>,
/// host side <c>10.77.X.4n+2</c>, X chosen unused). Names start with <c>WAKEDOCK_TEST_NETNS_PREFIX</c>,
/// which scripts/test.sh sets and uses to remove whatever a killed test run left behind.
/// </summary>
internal sealed class TestNetwork : IAsyncDisposable
{
    private readonly List<TestHost> _hosts = [];

    private TestNetwork(string prefix) => Prefix = prefix;

    public string Prefix { get; }

    public IReadOnlyList<TestHost> Hosts => _hosts;

    /// <summary>Why namespaces cannot be made here, or null.</summary>
    public static async Task<string?> ProblemAsync()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return "network namespaces need root on Linux";
        }

        if (ProcessRunner.FindOnPath("ip") is null)
        {
            return "the ip command is missing (Debian package iproute2)";
        }

        var probe = $"wdprobe{RandomNumberGenerator.GetHexString(6, lowercase: true)}";
        var added = await ProcessRunner.RunAsync("ip", ["netns", "add", probe]);
        if (added.ExitCode != 0)
        {
            return $"ip netns add failed: {added.Combined.Trim()}";
        }

        await ProcessRunner.RunAsync("ip", ["netns", "del", probe]);
        return null;
    }

    public static async Task<TestNetwork> CreateAsync(int hosts, CancellationToken cancellationToken)
    {
        var prefix = (Environment.GetEnvironmentVariable("WAKEDOCK_TEST_NETNS_PREFIX") is { Length: > 0 } run ? run : "wd")
            + RandomNumberGenerator.GetHexString(4, lowercase: true);
        var network = new TestNetwork(prefix[..Math.Min(prefix.Length, 10)]);
        try
        {
            var subnet = await FreeSubnetAsync(cancellationToken);
            for (var i = 0; i < hosts; i++)
            {
                var host = new TestHost(i + 1, $"{network.Prefix}-h{i + 1}", $"{network.Prefix}r{i + 1}", $"10.77.{subnet}.{4 * i + 1}", $"10.77.{subnet}.{4 * i + 2}");
                var inner = $"{network.Prefix}n{i + 1}";
                await IpAsync(cancellationToken, "netns", "add", host.Namespace);
                network._hosts.Add(host);
                await IpAsync(cancellationToken, "link", "add", host.RootLink, "type", "veth", "peer", "name", inner, "netns", host.Namespace);
                await IpAsync(cancellationToken, "addr", "add", $"{host.RootAddress}/30", "dev", host.RootLink);
                await IpAsync(cancellationToken, "link", "set", host.RootLink, "up");
                await IpAsync(cancellationToken, "-n", host.Namespace, "addr", "add", $"{host.HostAddress}/30", "dev", inner);
                await IpAsync(cancellationToken, "-n", host.Namespace, "link", "set", inner, "up");
                await IpAsync(cancellationToken, "-n", host.Namespace, "link", "set", "lo", "up");
            }

            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    /// <summary>Takes the host's link down (a cable pulled) or brings it back up.</summary>
    public Task SetLinkAsync(TestHost host, bool up, CancellationToken cancellationToken)
        => IpAsync(cancellationToken, "link", "set", host.RootLink, up ? "up" : "down");

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await ProcessRunner.RunAsync("ip", ["netns", "del", host.Namespace]);
            await ProcessRunner.RunAsync("ip", ["link", "del", host.RootLink]);
        }
    }

    private static async Task<int> FreeSubnetAsync(CancellationToken cancellationToken)
    {
        var addresses = (await ProcessRunner.RunAsync("ip", ["-4", "-o", "addr", "show"], cancellationToken: cancellationToken)).StandardOutput;
        var candidates = Enumerable.Range(0, 256).Where(x => !addresses.Contains($" 10.77.{x}.", StringComparison.Ordinal)).ToList();
        return candidates[RandomNumberGenerator.GetInt32(candidates.Count)];
    }

    private static async Task IpAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("ip", arguments, timeout: TimeSpan.FromSeconds(30), cancellationToken: cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed: {result.Combined.Trim()}");
        }
    }
}

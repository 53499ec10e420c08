using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using WakeDock.Testing;

namespace WakeDock.Integration.Tests;

public sealed class DockerEngineSmokeTests(DockerFixture docker) : IClassFixture<DockerFixture>
{
    [Fact]
    public async Task TheEngineServesStatsOfARunningTestContainerOverItsSocket()
    {
        docker.Require();
        var container = await docker.StartMemoryHolderAsync(megabytes: 32);

        using var http = EngineClient(docker.DockerHost);
        var stats = await http.GetFromJsonAsync<JsonObject>($"/containers/{container.Id}/stats?stream=false&one-shot=true", TestContext.Current.CancellationToken);

        Assert.Equal("/" + container.Name, stats!["name"]!.GetValue<string>());
        var usage = stats["memory_stats"]!["usage"]!.GetValue<long>();
        Assert.InRange(usage, 32L * 1024 * 1024, 256L * 1024 * 1024);
        Assert.True(stats["pids_stats"]!["current"]!.GetValue<long>() >= 1);
    }

    [Fact]
    public async Task TheCliSeesTheBurnerBusyAndTheIdleContainerQuiet()
    {
        docker.Require();
        var burner = await docker.StartCpuBurnerAsync();
        var idle = await docker.StartIdleAsync();

        var busy = await docker.CliStatsAsync(burner.Id);
        var quiet = await docker.CliStatsAsync(idle.Id);

        // busy, clearly apart from the idle one; on two cores shared with other builds (load 20 seen) the burner may get
        // a tenth of a core, where a quiet machine gives it about 100
        Assert.InRange(quiet.CpuPercent, 0, 5);
        Assert.InRange(busy.CpuPercent, quiet.CpuPercent + 5, 210);
        Assert.Equal(1, quiet.Pids);
    }

    /// <summary>A bare HTTP client on the engine's unix socket or TCP address.</summary>
    private static HttpClient EngineClient(string dockerHost)
    {
        var uri = new Uri(dockerHost);
        if (uri.Scheme != "unix")
        {
            return new HttpClient { BaseAddress = new UriBuilder("http", uri.Host, uri.Port).Uri };
        }

        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(uri.AbsolutePath), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri("http://docker") };
    }
}

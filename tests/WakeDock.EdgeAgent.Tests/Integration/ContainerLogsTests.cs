using Microsoft.Extensions.Options;
using WakeDock.EdgeAgent.Configuration;
using WakeDock.EdgeAgent.Docker;
using WakeDock.EdgeAgent.Logs;
using WakeDock.Testing;

namespace WakeDock.EdgeAgent.Tests.Integration;

/// <summary>Container logs read from the real engine.</summary>
public sealed class ContainerLogsTests(DockerFixture docker) : IClassFixture<DockerFixture>, IDisposable
{
    private readonly DockerEngineClient _client = new(DockerEndpoint.Parse(docker.DockerHost), TimeSpan.FromSeconds(20));

    [Fact]
    public async Task StdoutAndStderrLinesComeBackMarkedInOrderWithTimestamps()
    {
        docker.Require();
        var writer = await StartWritingAsync("writer", "echo first out; sleep 0.3; echo first err >&2; sleep 0.3; echo second out; sleep 0.3; echo done");

        var logs = await Reader().ReadAsync(writer.Id, new ContainerLogQuery(), TestContext.Current.CancellationToken);

        Assert.NotNull(logs);
        Assert.False(logs.Truncated);
        Assert.Equal(["stdout:first out", "stderr:first err", "stdout:second out", "stdout:done"], logs.Lines.Select(l => $"{l.Stream}:{l.Text}"));
        Assert.All(logs.Lines, l => Assert.InRange(l.Timestamp!.Value, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1)));
    }

    [Fact]
    public async Task TailSinceAndNoTimestampsAreHonoured()
    {
        docker.Require();
        var writer = await StartWritingAsync("tail", "for i in 1 2 3 4 5; do echo line $i; done; echo done");

        var tail = await Reader().ReadAsync(writer.Id, new ContainerLogQuery { Tail = 2, Timestamps = false }, TestContext.Current.CancellationToken);
        var future = await Reader().ReadAsync(writer.Id, new ContainerLogQuery { Since = DateTimeOffset.UtcNow.AddMinutes(5) }, TestContext.Current.CancellationToken);

        Assert.Equal(["line 5", "done"], tail!.Lines.Select(l => l.Text));
        Assert.All(tail.Lines, l => Assert.Null(l.Timestamp));
        Assert.Empty(future!.Lines);
    }

    [Fact]
    public async Task TheByteAndLineCapsCutTheAnswerAndSaySo()
    {
        docker.Require();
        var chatty = await StartWritingAsync("chatty", "i=0; while [ $i -lt 300 ]; do echo line-$i-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; i=$((i+1)); done; echo done");

        var byBytes = await Reader(maxBytes: 2048).ReadAsync(chatty.Id, new ContainerLogQuery { Tail = 300 }, TestContext.Current.CancellationToken);
        var byLines = await Reader(maxLines: 10).ReadAsync(chatty.Id, new ContainerLogQuery { Tail = 300 }, TestContext.Current.CancellationToken);

        Assert.True(byBytes!.Truncated);
        Assert.InRange(byBytes.Lines.Sum(l => l.Text.Length), 1, 2048);
        Assert.Equal(10, byLines!.Lines.Count);
        Assert.Equal("done", byLines.Lines[^1].Text); // the tail is capped: the last ten lines
    }

    [Fact]
    public async Task ATtyContainersRawStreamIsReadAsStdoutLines()
    {
        docker.Require();
        var tty = await docker.StartAsync("tty", ["sh", "-c", "echo on a terminal; echo done; exec sleep 3600"], ["-t"]);
        await WaitForDoneAsync(tty.Id);

        var logs = await Reader().ReadAsync(tty.Id, new ContainerLogQuery(), TestContext.Current.CancellationToken);

        Assert.Equal(["stdout:on a terminal", "stdout:done"], logs!.Lines.Select(l => $"{l.Stream}:{l.Text}"));
    }

    [Fact]
    public async Task AnUnknownContainerHasNoLogs()
    {
        docker.Require();

        Assert.Null(await Reader().ReadAsync("no-such-container-" + Guid.NewGuid().ToString("N"), new ContainerLogQuery(), TestContext.Current.CancellationToken));
    }

    public void Dispose() => _client.Dispose();

    private ContainerLogReader Reader(int maxLines = 5000, int maxBytes = 1024 * 1024)
        => new(_client, Options.Create(new AgentOptions { Logs = new LogsOptions { MaxLines = maxLines, MaxBytes = maxBytes } }));

    private async Task<TestContainer> StartWritingAsync(string kind, string script)
    {
        var container = await docker.StartAsync(kind, ["sh", "-c", script + "; exec sleep 3600"]);
        await WaitForDoneAsync(container.Id);
        return container;
    }

    private Task WaitForDoneAsync(string id)
        => Eventually.TrueAsync(async () => (await docker.DockerAsync("logs", id)).Contains("done"), TimeSpan.FromSeconds(30),
            () => "the container did not write its lines", TestContext.Current.CancellationToken, every: TimeSpan.FromMilliseconds(100));
}

using System.Net;
using System.Text.Json.Nodes;
using WakeDock.Api.Tests.Support;
using WakeDock.Functions.Security;
using WakeDock.Testing;

namespace WakeDock.Api.Tests;

/// <summary>
/// Start, stop and restart of a real container through the embedded host: the container's state is read from the engine
/// itself (<c>docker inspect</c>), the roles and scopes are real keys, and the opt-in is the agent's setting.
/// </summary>
public sealed class ContainerActionTests(DockerFixture docker) : IClassFixture<DockerFixture>
{
    private const string Api = "/api/v1/monitoring";
    private const string AdminKey = "wd-actions-admin-7c1d2e9f";
    private const string ReaderKey = "wd-actions-reader-7c1d2e9f";
    private const string ScopedAdminKey = "wd-actions-scoped-7c1d2e9f";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> Settings(bool allowActions) => new()
    {
        ["WakeDock:Security:RateLimit:Enabled"] = "false",
        ["WakeDock:Agent:AllowContainerActions"] = allowActions ? "true" : "false",
        ["WakeDock:Security:ApiKeys:0:Name"] = "ops",
        ["WakeDock:Security:ApiKeys:0:Role"] = "Admin",
        ["WakeDock:Security:ApiKeys:0:Hash"] = KeyHash.Of(AdminKey),
        ["WakeDock:Security:ApiKeys:1:Name"] = "viewer",
        ["WakeDock:Security:ApiKeys:1:Role"] = "Reader",
        ["WakeDock:Security:ApiKeys:1:Hash"] = KeyHash.Of(ReaderKey),
        ["WakeDock:Security:ApiKeys:2:Name"] = "other-team",
        ["WakeDock:Security:ApiKeys:2:Role"] = "Admin",
        ["WakeDock:Security:ApiKeys:2:Hash"] = KeyHash.Of(ScopedAdminKey),
        ["WakeDock:Security:ApiKeys:2:Scope:Hosts:0"] = "another-host",
    };

    private async Task<bool> RunningAsync(TestContainer container)
        => (await docker.DockerAsync("inspect", "-f", "{{.State.Running}}", container.Id)).Trim() == "true";

    private async Task<string> StartedAtAsync(TestContainer container)
        => (await docker.DockerAsync("inspect", "-f", "{{.State.StartedAt}}", container.Id)).Trim();

    private static async Task<TestContainer> ListedAsync(HttpClient client, TestContainer container)
    {
        await Eventually.TrueAsync(async () => (await client.GetAsync($"{Api}/containers/{container.Id}", Ct)).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), $"{container.Name} sampled by the embedded agent");
        return container;
    }

    private static async Task<JsonNode> JsonOf(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

    [Fact]
    public async Task AnAdminKeyStopsStartsAndRestartsARealContainer()
    {
        docker.Require();
        var target = await docker.StartIdleAsync("api-actions");
        await using var app = ApiApplication.Create(Settings(allowActions: true), embeddedDockerHost: docker.DockerHost);
        using var admin = app.Client(AdminKey);
        await ListedAsync(admin, target);

        using var stop = await admin.PostAsync($"{Api}/containers/{target.Id}/stop?t=1", null, Ct);
        var stopped = await JsonOf(stop);
        var runningAfterStop = await RunningAsync(target);
        using var stopAgain = await admin.PostAsync($"{Api}/containers/{target.Name}/stop?t=1", null, Ct);
        var unchanged = await JsonOf(stopAgain);
        using var start = await admin.PostAsync($"{Api}/containers/{target.Id}/start", null, Ct);
        var started = await JsonOf(start);
        var runningAfterStart = await RunningAsync(target);
        var startedAt = await StartedAtAsync(target);
        using var restart = await admin.PostAsync($"{Api}/containers/{target.Id}/restart?t=1", null, Ct);
        var restarted = await JsonOf(restart);
        var startedAtAfterRestart = await StartedAtAsync(target);
        var info = await JsonOf(await admin.GetAsync($"{Api}/containers/{target.Id}/actions", Ct));

        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.Equal("stop", stopped["action"]!.GetValue<string>());
        Assert.Equal(target.Id, stopped["container_id"]!.GetValue<string>());
        Assert.Equal("embedded", stopped["mode"]!.GetValue<string>());
        Assert.Equal("done", stopped["result"]!.GetValue<string>());
        Assert.False(stopped["running"]!.GetValue<bool>());
        Assert.False(runningAfterStop);
        Assert.Equal(HttpStatusCode.OK, stopAgain.StatusCode);
        Assert.Equal("unchanged", unchanged["result"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        Assert.True(started["running"]!.GetValue<bool>());
        Assert.True(runningAfterStart);
        Assert.Equal(HttpStatusCode.OK, restart.StatusCode);
        Assert.Equal("done", restarted["result"]!.GetValue<string>());
        Assert.True(restarted["running"]!.GetValue<bool>());
        Assert.True(await RunningAsync(target));
        Assert.NotEqual(startedAt, startedAtAfterRestart);
        Assert.True(info["allowed"]!.GetValue<bool>());
        Assert.Equal("admin", info["role"]!.GetValue<string>());
        Assert.Contains(app.Logs, line => line.Contains($"Container {target.Id}: restart Done", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AReaderKeyIsForbiddenAndAScopedKeySeesNoContainerOutsideItsScope()
    {
        docker.Require();
        var target = await docker.StartIdleAsync("api-actions-roles");
        await using var app = ApiApplication.Create(Settings(allowActions: true), embeddedDockerHost: docker.DockerHost);
        using var admin = app.Client(AdminKey);
        using var reader = app.Client(ReaderKey);
        using var scoped = app.Client(ScopedAdminKey);
        await ListedAsync(admin, target);

        using var byReader = await reader.PostAsync($"{Api}/containers/{target.Id}/stop", null, Ct);
        using var byScoped = await scoped.PostAsync($"{Api}/containers/{target.Id}/restart", null, Ct);
        using var unknown = await admin.PostAsync($"{Api}/containers/wdt-no-such-container/start", null, Ct);
        using var badWait = await admin.PostAsync($"{Api}/containers/{target.Id}/stop?t=301", null, Ct);
        using var startWithWait = await admin.PostAsync($"{Api}/containers/{target.Id}/start?t=1", null, Ct);
        // A container another agent reports to this host is not the embedded agent's to act on.
        await app.IngestAsync(Batches.SpecSample(DateTimeOffset.UtcNow.AddSeconds(-1), cpu: 5, id: "c0remote000000000001", name: "remote-web-1", service: "web", host: "remote-host"));
        using var remote = await admin.PostAsync($"{Api}/containers/remote-web-1/stop", null, Ct);
        var remoteInfo = await JsonOf(await admin.GetAsync($"{Api}/containers/remote-web-1/actions", Ct));
        var readerInfo = await JsonOf(await reader.GetAsync($"{Api}/containers/{target.Id}/actions", Ct));
        using var scopedInfo = await scoped.GetAsync($"{Api}/containers/{target.Id}/actions", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, byReader.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byScoped.StatusCode);
        Assert.Equal("id", (await JsonOf(byScoped))["field"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badWait.StatusCode);
        Assert.Equal("t", (await JsonOf(badWait))["field"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, startWithWait.StatusCode);
        Assert.Equal("t", (await JsonOf(startWithWait))["field"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, remote.StatusCode);
        Assert.Equal("id", (await JsonOf(remote))["field"]!.GetValue<string>());
        Assert.False(remoteInfo["allowed"]!.GetValue<bool>());
        Assert.Contains("remote-host", remoteInfo["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("reader", readerInfo["role"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, scopedInfo.StatusCode);
        Assert.True(await RunningAsync(target));
    }

    [Fact]
    public async Task WithoutTheOptInTheAgentRefusesAndTheContainerRuns()
    {
        docker.Require();
        var target = await docker.StartIdleAsync("api-actions-off");
        await using var app = ApiApplication.Create(Settings(allowActions: false), embeddedDockerHost: docker.DockerHost);
        using var admin = app.Client(AdminKey);
        await ListedAsync(admin, target);

        using var stop = await admin.PostAsync($"{Api}/containers/{target.Id}/stop?t=1", null, Ct);
        var problem = await JsonOf(stop);
        var info = await JsonOf(await admin.GetAsync($"{Api}/containers/{target.Id}/actions", Ct));

        Assert.Equal(HttpStatusCode.Conflict, stop.StatusCode);
        Assert.Equal("application/problem+json", stop.Content.Headers.ContentType?.MediaType);
        Assert.Equal("action", problem["field"]!.GetValue<string>());
        Assert.Contains("WakeDock:Agent:AllowContainerActions", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(info["allowed"]!.GetValue<bool>());
        Assert.Contains("AllowContainerActions", info["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(await RunningAsync(target));
        Assert.Contains(app.Logs, line => line.Contains($"Refused to stop container {target.Id}", StringComparison.Ordinal));
    }
}

using System.Text.Json;
using WakeDock.EdgeAgent.Collection;
using WakeDock.EdgeAgent.Docker;

namespace WakeDock.EdgeAgent.Tests.Unit;

public sealed class ContainerEventTests
{
    [Fact]
    public void ADieEventCarriesItsExitCodeNameImageAndComposeService()
    {
        var dockerEvent = Parse("""
            {"status":"die","id":"d8e5","Type":"container","Action":"die","Actor":{"ID":"d8e5","Attributes":{"exitCode":"3","image":"busybox","name":"ev1","com.docker.compose.service":"worker"}},"scope":"local","time":1795239130,"timeNano":1795239130977634801}
            """);

        var containerEvent = ContainerEventWatcher.ToContainerEvent(dockerEvent, "host-1")!;

        Assert.Equal("die", containerEvent.Action);
        Assert.Equal(3, containerEvent.ExitCode);
        Assert.Equal("ev1", containerEvent.ContainerName);
        Assert.Equal("worker", containerEvent.ServiceName);
        Assert.Equal("busybox", containerEvent.Image);
        Assert.Equal("host-1", containerEvent.Host);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795239130).AddTicks(9776348), containerEvent.Timestamp);
    }

    [Fact]
    public void AHealthStatusEventSplitsTheStatusFromTheAction()
    {
        var dockerEvent = Parse("""{"Type":"container","Action":"health_status: unhealthy","Actor":{"ID":"abc","Attributes":{"name":"db"}},"time":1,"timeNano":1000000000}""");

        var containerEvent = ContainerEventWatcher.ToContainerEvent(dockerEvent, "h")!;

        Assert.Equal("health_status", containerEvent.Action);
        Assert.Equal("unhealthy", containerEvent.HealthStatus);
        Assert.Null(containerEvent.ExitCode);
    }

    [Fact]
    public void EventsAboutOtherObjectsAreNotContainerEvents()
        => Assert.Null(ContainerEventWatcher.ToContainerEvent(Parse("""{"Type":"network","Action":"connect","Actor":{"ID":"n1"},"time":1}"""), "h"));

    private static DockerEvent Parse(string json) => JsonSerializer.Deserialize(json, DockerJsonContext.Default.DockerEvent)!;
}

using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Configuration;
using WakeDock.EdgeAgent.Control;
using WakeDock.EdgeAgent.Sampling;
using WakeDock.EdgeAgent.Spool;
using WakeDock.EdgeAgent.Tests.Support;

namespace WakeDock.EdgeAgent.Tests.Unit;

/// <summary>Every event the control topic cannot use is dropped with its reason in the log, never silently.</summary>
public sealed class ControlCommandReceiverTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly TestMeterFactory _meters = new();
    private readonly TestLogger<ControlCommandReceiver> _log = new();
    private readonly ControlCommandReceiver _receiver;

    public ControlCommandReceiverTests()
    {
        var options = Options.Create(new AgentOptions { HostName = "h" });
        var control = new AgentControl(options, new MonitoredContainers(_meters.Metrics()),
            new BatchSpool(_folder.Path, 1024 * 1024, _meters.Metrics(), NullLogger<BatchSpool>.Instance), NullLogger<AgentControl>.Instance);
        _receiver = new ControlCommandReceiver(control, options, _log);
    }

    [Theory]
    [InlineData("com.example.other", """{"command":"stop","issued_at":"2026-12-03T10:00:00Z"}""", "com.example.other")]
    [InlineData("com.example.other", "{}", "com.example.other")]
    [InlineData(CloudEventTypes.AgentCommand, "stop, please", "is not an agent command")]
    [InlineData(CloudEventTypes.AgentCommand, "", "carries no command")]
    [InlineData(CloudEventTypes.AgentCommand, """{"command":"container_stop","issued_at":"2026-12-03T10:00:00Z"}""", "names no container_id")]
    [InlineData(CloudEventTypes.AgentCommand, """{"command":"container_stop","container_id":"abc","issued_at":"2026-12-03T10:00:00Z"}""", "takes no container actions")]
    public async Task AnUnusableEventIsDroppedAndItsReasonLogged(string type, string data, string reason)
    {
        var status = await _receiver.ReceiveAsync(new TopicEvent("e-7", type, "application/json", PipelineNames.ControlTopic, PipelineNames.PubSub,
            Encoding.UTF8.GetBytes(data)), TestContext.Current.CancellationToken);

        Assert.Equal(TopicEventStatus.Drop, status);
        var (level, message) = Assert.Single(_log.Entries);
        Assert.Equal(LogLevel.Warning, level);
        Assert.Contains("e-7", message, StringComparison.Ordinal);
        Assert.Contains(reason, message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _meters.Dispose();
        _folder.Dispose();
    }
}

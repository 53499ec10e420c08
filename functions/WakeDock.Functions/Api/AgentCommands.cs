using System.Text.Json;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Control;
using WakeDock.Functions.Http;

namespace WakeDock.Functions.Api;

/// <summary>What became of a start or stop: applied here (embedded), or published to the agents (distributed).</summary>
public sealed record ControlOutcome(bool Applied, bool? IsRunning, DateTimeOffset IssuedAt);

/// <summary>Starts and stops collection on every agent, or on the agent of one host.</summary>
public interface IAgentCommands
{
    string Mode { get; }

    Task<ControlOutcome> SendAsync(AgentCommandKind command, string? host, CancellationToken cancellationToken);
}

/// <summary>Embedded: the agent runs in this process and obeys at once.</summary>
internal sealed class EmbeddedAgentCommands(IAgentControl control, TimeProvider time) : IAgentCommands
{
    public string Mode => "embedded";

    public Task<ControlOutcome> SendAsync(AgentCommandKind command, string? host, CancellationToken cancellationToken)
    {
        var state = control.State;
        if (host is not null && !string.Equals(host, state.Host, StringComparison.OrdinalIgnoreCase))
        {
            throw ApiProblem.NotFound("host", $"No agent for host '{host}': this host runs the embedded agent of '{state.Host}'.");
        }

        if (command == AgentCommandKind.Stop)
        {
            control.PauseCollection();
        }
        else
        {
            control.ResumeCollection();
        }

        return Task.FromResult(new ControlOutcome(true, control.State.IsRunning, time.GetUtcNow()));
    }
}

/// <summary>
/// Distributed: an <see cref="AgentCommand"/> CloudEvent published through the Dapr sidecar to the control topic
/// every agent subscribes to. Commands carry strictly increasing times, since agents ignore one not newer than the last.
/// </summary>
internal sealed class DaprAgentCommands(DaprSidecar sidecar, TimeProvider time) : IAgentCommands
{
    private readonly Lock _gate = new();
    private DateTimeOffset _lastIssued = DateTimeOffset.MinValue;

    public string Mode => "distributed";

    public static string Source { get; } = $"wakedock://functions/{Uri.EscapeDataString(Environment.MachineName)}";

    public async Task<ControlOutcome> SendAsync(AgentCommandKind command, string? host, CancellationToken cancellationToken)
        => new(false, null, await PublishAsync(issued => new AgentCommand { Command = command, Host = host, IssuedAt = issued }, cancellationToken));

    /// <summary>Publishes the command made for the next issue time; answers that time.</summary>
    public async Task<DateTimeOffset> PublishAsync(Func<DateTimeOffset, AgentCommand> command, CancellationToken cancellationToken)
    {
        DateTimeOffset issued;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            issued = _lastIssued = now > _lastIssued ? now : _lastIssued.AddTicks(1);
        }

        var data = command(issued);
        var envelope = new CloudEvent<AgentCommand>
        {
            Id = Guid.CreateVersion7(issued).ToString(),
            Source = Source,
            Type = CloudEventTypes.AgentCommand,
            Time = issued,
            Subject = data.Host,
            Data = data,
        };
        await sidecar.PublishAsync(PipelineNames.PubSub, PipelineNames.ControlTopic,
            JsonSerializer.SerializeToUtf8Bytes(envelope, WakeDockJson.Context.CloudEventAgentCommand), cancellationToken);
        return issued;
    }
}

using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Configuration;
using WakeDock.EdgeAgent.Docker;

namespace WakeDock.EdgeAgent.Control;

/// <summary>
/// What the agent answers to a command on the control topic, whichever way Dapr delivers it (the HTTP subscription's
/// route or the gRPC streaming subscription): a command for another host, a redelivered or older one, is taken and does
/// nothing (SUCCESS); one that cannot be read or carried out is dropped with its reason in the log (DROP); one the engine
/// could not take because it is unreachable is delivered again (RETRY).
/// </summary>
public sealed partial class ControlCommandReceiver(
    IAgentControl control, IOptions<AgentOptions> options, ILogger<ControlCommandReceiver>? logger = null, IContainerActions? containerActions = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<ControlCommandReceiver>.Instance;

    /// <summary>A structured CloudEvent (the HTTP subscription's delivery).</summary>
    public async Task<TopicEventStatus> ReceiveCloudEventAsync(Stream body, CancellationToken cancellationToken)
    {
        CloudEvent<AgentCommand>? envelope;
        try
        {
            envelope = await JsonSerializer.DeserializeAsync(body, WakeDockJson.Context.CloudEventAgentCommand, cancellationToken);
        }
        catch (JsonException e)
        {
            return Drop(null, $"not a CloudEvent of an agent command ({e.Message})");
        }

        return envelope is null ? Drop(null, "an empty body") : await ApplyAsync(envelope.Id, envelope.Type, envelope.Data, cancellationToken);
    }

    /// <summary>An event of the streaming subscription: the CloudEvent's attributes, its data as JSON.</summary>
    public async Task<TopicEventStatus> ReceiveAsync(TopicEvent topicEvent, CancellationToken cancellationToken)
    {
        if (topicEvent.Type != CloudEventTypes.AgentCommand)
        {
            return WrongType(topicEvent.Id, topicEvent.Type);
        }

        AgentCommand? command;
        try
        {
            command = topicEvent.Data.Length == 0 ? null : JsonSerializer.Deserialize(topicEvent.Data, WakeDockJson.Context.AgentCommand);
        }
        catch (JsonException e)
        {
            return Drop(topicEvent.Id, $"its data is not an agent command ({e.Message})");
        }

        return await ApplyAsync(topicEvent.Id, topicEvent.Type, command, cancellationToken);
    }

    private async Task<TopicEventStatus> ApplyAsync(string? id, string? type, AgentCommand? command, CancellationToken cancellationToken)
    {
        if (type != CloudEventTypes.AgentCommand)
        {
            return WrongType(id, type);
        }

        if (command is null)
        {
            return Drop(id, "it carries no command");
        }

        if (!command.IsContainerAction)
        {
            control.Apply(command);
            return TopicEventStatus.Success;
        }

        if (command.ContainerId is not { Length: > 0 })
        {
            return Drop(id, $"'{command.Command}' names no container_id");
        }

        if (containerActions is null)
        {
            return Drop(id, $"this agent takes no container actions ('{command.Command}' on {command.ContainerId})");
        }

        if (command.Host is not null && !string.Equals(command.Host, options.Value.HostName, StringComparison.OrdinalIgnoreCase))
        {
            return TopicEventStatus.Success;
        }

        try
        {
            // What became of it, a refusal included, is in the agent's log: a retry would not change it.
            await containerActions.ApplyAsync(command, cancellationToken);
            return TopicEventStatus.Success;
        }
        catch (Exception e) when (EngineConnectivity.IsOutage(e))
        {
            LogRetry(id, command.Command, command.ContainerId, e.Message);
            return TopicEventStatus.Retry;
        }
        catch (DockerApiException e)
        {
            return Drop(id, $"the engine refused '{command.Command}' on {command.ContainerId}: {e.Message}");
        }
    }

    private TopicEventStatus WrongType(string? id, string? type) => Drop(id, $"its type is '{type}', not '{CloudEventTypes.AgentCommand}'");

    private TopicEventStatus Drop(string? id, string reason)
    {
        LogDropped(id, reason);
        return TopicEventStatus.Drop;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Control event {CloudEventId} dropped: {Reason}")]
    private partial void LogDropped(string? cloudEventId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Control event {CloudEventId} ({Command} on {ContainerId}) to be delivered again: the engine did not answer ({Reason})")]
    private partial void LogRetry(string? cloudEventId, AgentCommandKind command, string containerId, string reason);
}

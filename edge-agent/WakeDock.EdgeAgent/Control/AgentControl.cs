using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Configuration;
using WakeDock.EdgeAgent.Sampling;
using WakeDock.EdgeAgent.Spool;

namespace WakeDock.EdgeAgent.Control;

public sealed partial class AgentControl(
    IOptions<AgentOptions> options, MonitoredContainers containers, BatchSpool spool, ILogger<AgentControl> logger) : IAgentControl
{
    private readonly Lock _lock = new();
    private readonly AgentOptions _options = options.Value;
    private volatile bool _paused;
    private DateTimeOffset? _lastCollection;
    private DateTimeOffset _lastCommand = DateTimeOffset.MinValue;

    public bool IsPaused => _paused;

    public AgentState State
    {
        get
        {
            lock (_lock)
            {
                return new AgentState
                {
                    IsRunning = !_paused,
                    Host = _options.HostName,
                    MonitoredContainers = containers.Count,
                    CollectionInterval = _options.IntervalSeconds,
                    LastCollection = _lastCollection,
                    SpoolDepth = spool.Depth,
                    SpoolBytes = spool.Bytes,
                    BatchesDropped = spool.Dropped,
                    PublisherTarget = _options.Publisher.Target.ToString().ToLowerInvariant(),
                };
            }
        }
    }

    public void PauseCollection()
    {
        if (!_paused)
        {
            _paused = true;
            LogPaused();
        }
    }

    public void ResumeCollection()
    {
        if (_paused)
        {
            _paused = false;
            LogResumed();
        }
    }

    public CommandOutcome Apply(AgentCommand command)
    {
        if (command.IsContainerAction)
        {
            return CommandOutcome.NotCollection;
        }

        if (command.Host is { } host && !string.Equals(host, _options.HostName, StringComparison.OrdinalIgnoreCase))
        {
            return CommandOutcome.OtherHost;
        }

        lock (_lock)
        {
            // Broker delivery is at least once and unordered: an older command never undoes a newer one.
            if (command.IssuedAt <= _lastCommand)
            {
                return CommandOutcome.Stale;
            }

            _lastCommand = command.IssuedAt;
        }

        if (command.Command == AgentCommandKind.Stop)
        {
            PauseCollection();
        }
        else
        {
            ResumeCollection();
        }

        return CommandOutcome.Applied;
    }

    internal void CollectionFinished(DateTimeOffset at)
    {
        lock (_lock)
        {
            _lastCollection = at;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Collection paused")]
    private partial void LogPaused();

    [LoggerMessage(Level = LogLevel.Information, Message = "Collection resumed")]
    private partial void LogResumed();
}

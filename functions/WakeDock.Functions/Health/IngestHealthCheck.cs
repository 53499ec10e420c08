using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using WakeDock.EdgeAgent.Control;
using WakeDock.Pipeline.Ingest;
using WakeDock.Pipeline.Options;

namespace WakeDock.Functions.Health;

/// <summary>
/// Batches come every interval while collection runs (empty ones too): three intervals without one is a warning,
/// twelve is unhealthy — unless collection is stopped (embedded agent paused) or no agent ever delivered (distributed).
/// </summary>
public sealed class IngestHealthCheck(
    IngestActivity activity, IServiceProvider services, IOptions<WakeDockOptions> pipeline, IOptions<ApiOptions> api, TimeProvider time) : IHealthCheck
{
    public const string Name = "ingest";
    private readonly IAgentControl? _agent = services.GetService<IAgentControl>();

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var check = Measure(time.GetUtcNow());
        return Task.FromResult(ServiceCheckResult.Of(check, check.Detail));
    }

    private IngestCheck Measure(DateTimeOffset now)
    {
        var limits = api.Value.Health;
        var hosts = activity.Hosts;
        var agent = _agent?.State;
        var interval = agent?.CollectionInterval ?? pipeline.Value.Collection.IntervalSeconds;
        var last = activity.LastBatchAt;
        if (agent is { IsRunning: false })
        {
            return new IngestCheck(HealthLevels.Healthy, last, Age(last, now), hosts.Count, "collection is stopped");
        }

        var since = last ?? (agent is not null ? HealthLevels.ProcessStarted : (DateTimeOffset?)null);
        if (since is not { } reference)
        {
            return new IngestCheck(HealthLevels.Warning, null, null, 0, "no agent has delivered a batch yet");
        }

        var intervals = (now - reference).TotalSeconds / Math.Max(interval, 0.1);
        var state = intervals > limits.IngestCriticalIntervals ? HealthLevels.Unhealthy : intervals > limits.IngestWarningIntervals ? HealthLevels.Warning : HealthLevels.Healthy;
        var detail = state == HealthLevels.Healthy ? null
            : last is null ? "no batch since the host started"
            : string.Create(CultureInfo.InvariantCulture, $"no batch for {intervals:0} collection intervals");
        return new IngestCheck(state, last, Age(last, now), hosts.Count, detail);
    }

    private static double? Age(DateTimeOffset? at, DateTimeOffset now) => at is { } a ? Math.Round((now - a).TotalSeconds, 3) : null;
}

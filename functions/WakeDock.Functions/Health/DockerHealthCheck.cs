using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using WakeDock.EdgeAgent.Control;
using WakeDock.EdgeAgent.Docker;
using WakeDock.Pipeline.Options;

namespace WakeDock.Functions.Health;

/// <summary>
/// Embedded, the Docker engine pinged (the result reused for <see cref="HealthOptions.ProbeCacheTtl"/>); distributed there
/// is no engine here, and the check reports healthy with no record, so that the answer has no <c>docker</c>.
/// </summary>
public sealed class DockerHealthCheck(IServiceProvider services, IOptions<ApiOptions> api, TimeProvider time) : IHealthCheck
{
    public const string Name = "docker";
    private readonly DockerEngineClient? _docker = services.GetService<IAgentControl>() is null ? null : services.GetService<DockerEngineClient>();
    private (DateTimeOffset At, DockerCheck Check)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_docker is null)
        {
            return HealthCheckResult.Healthy("no Docker engine in this host (distributed mode)");
        }

        var check = await PingAsync(_docker, cancellationToken);
        return ServiceCheckResult.Of(check, check.Detail);
    }

    private async Task<DockerCheck> PingAsync(DockerEngineClient docker, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_last is { } last && now - last.At < api.Value.Health.ProbeCacheTtl)
        {
            return last.Check;
        }

        DockerCheck check;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await docker.PingAsync(timeout.Token);
            check = new DockerCheck(HealthLevels.Healthy, docker.Endpoint.ToString(), docker.ApiVersion, null);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            check = new DockerCheck(HealthLevels.Unhealthy, docker.Endpoint.ToString(), docker.ApiVersion, e.Message);
        }

        _last = (now, check);
        return check;
    }
}

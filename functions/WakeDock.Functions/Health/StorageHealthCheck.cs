using System.Globalization;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Storage;

namespace WakeDock.Functions.Health;

/// <summary>The storage written to: a probe file, whose result is reused for <see cref="HealthOptions.ProbeCacheTtl"/>.</summary>
public sealed class StorageHealthCheck(IBlobStore store, IOptions<WakeDockOptions> pipeline, IOptions<ApiOptions> api, TimeProvider time)
    : IHealthCheck, IDisposable
{
    public const string Name = "storage";
    private const string ProbeFile = "state/health-probe.json";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, StorageCheck Check)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var check = await ProbeAsync(cancellationToken);
        return ServiceCheckResult.Of(check, check.Detail);
    }

    public void Dispose() => _gate.Dispose();

    private async Task<StorageCheck> ProbeAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (_last is { } last && now - last.At < api.Value.Health.ProbeCacheTtl)
            {
                return last.Check;
            }

            var kind = pipeline.Value.Storage.Kind.ToString().ToLowerInvariant();
            StorageCheck check;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                await store.WriteAsync(ProbeFile, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"at\":\"{now:O}\"}}")), timeout.Token);
                check = new StorageCheck(HealthLevels.Healthy, kind, store.Location, true, null);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // whatever the store's client throws (I/O, HTTP, Azure's RequestFailedException, the timeout) means not writable
                check = new StorageCheck(HealthLevels.Unhealthy, kind, store.Location, false, e.Message);
            }

            _last = (now, check);
            return check;
        }
        finally
        {
            _gate.Release();
        }
    }
}

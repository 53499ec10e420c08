using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace WakeDock.ServiceDefaults.Tracing;

/// <summary>
/// Owns the host's OTLP tracer provider (see <see cref="OtlpTracing"/>): listening from the host's
/// start, flushed and disposed when it stops.
/// </summary>
public sealed class TraceExport(IConfiguration configuration, string serviceName, IReadOnlyList<string> sources) : IHostedService, IDisposable
{
    private TracerProvider? _provider;

    public bool IsExporting => _provider is not null;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _provider ??= OtlpTracing.Create(configuration, serviceName, sources);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _provider?.ForceFlush(5000);
        return Task.CompletedTask;
    }

    public void Dispose() => _provider?.Dispose();
}

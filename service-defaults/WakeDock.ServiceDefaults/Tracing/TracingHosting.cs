using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace WakeDock.ServiceDefaults.Tracing;

/// <summary>OTLP traces as a host's service: <see cref="TraceExport"/>, first of its hosted services.</summary>
public static class TracingHosting
{
    /// <summary>
    /// Registers <see cref="TraceExport"/> for <paramref name="sources"/> before every other hosted service, so that it listens
    /// before they start; the service name (<c>OTEL_SERVICE_NAME</c> wins) is asked for when the host is built.
    /// </summary>
    public static IHostApplicationBuilder AddWakeDockTracing(this IHostApplicationBuilder builder, Func<IServiceProvider, string> serviceName,
        IReadOnlyList<string> sources)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(serviceName);
        IConfiguration configuration = builder.Configuration;
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(services => new TraceExport(configuration, serviceName(services), sources)));
        return builder;
    }
}

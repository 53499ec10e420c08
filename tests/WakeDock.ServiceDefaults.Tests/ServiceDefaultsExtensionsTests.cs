using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog.Events;
using WakeDock.ServiceDefaults.Tracing;

namespace WakeDock.ServiceDefaults.Tests;

public sealed class ServiceDefaultsExtensionsTests
{
    [Fact]
    public async Task TheDefaultsLogThroughSerilogShareAMeterFactoryAndExportTracesFromTheFirstHostedService()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [OtlpTracing.EndpointVariable] = "http://127.0.0.1:9",
            [OtlpTracing.ProtocolVariable] = "http/protobuf",
        });
        builder.Services.AddHostedService<RegisteredEarlier>();

        builder.AddWakeDockServiceDefaults("wakedock-test", ["WakeDock.Test"], development: false, new Dictionary<string, LogEventLevel>());
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);

        var hosted = host.Services.GetServices<IHostedService>().ToList();
        Assert.True(Assert.IsType<TraceExport>(hosted[0]).IsExporting);
        Assert.IsType<RegisteredEarlier>(hosted[1]);
        Assert.NotNull(host.Services.GetService<IMeterFactory>());
        Assert.Equal("Serilog.Extensions.Logging.SerilogLoggerFactory", host.Services.GetRequiredService<ILoggerFactory>().GetType().FullName);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task WithoutAnEndpointNothingIsExported()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());

        builder.AddWakeDockServiceDefaults("wakedock-test", ["WakeDock.Test"], development: false, new Dictionary<string, LogEventLevel>());
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);

        Assert.False(host.Services.GetServices<IHostedService>().OfType<TraceExport>().Single().IsExporting);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    private sealed class RegisteredEarlier : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

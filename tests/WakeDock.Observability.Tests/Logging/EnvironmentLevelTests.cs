using Microsoft.Extensions.Logging;
using WakeDock.Observability.Tests.Support;

namespace WakeDock.Observability.Tests.Logging;

/// <summary>The 003 document's levels on the real host: DEBUG in Development, INFO in Production, nothing configured.</summary>
public sealed class EnvironmentLevelTests
{
    [Theory]
    [InlineData("Development", true)]
    [InlineData("Production", false)]
    public async Task TheHostWritesDebugLinesInDevelopmentOnly(string environment, bool debug)
    {
        await using var host = ObservedHost.Create(environment: environment);
        var logger = host.Service<ILoggerFactory>().CreateLogger("WakeDock.Pipeline.Hosting.PipelineStartup");

        Assert.Equal(debug, logger.IsEnabled(LogLevel.Debug));
        Assert.True(logger.IsEnabled(LogLevel.Information));
        Assert.False(logger.IsEnabled(LogLevel.Trace));
    }
}

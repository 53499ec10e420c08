using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using WakeDock.Api.Tests.Support;
using WakeDock.Functions.Health;

namespace WakeDock.Api.Tests;

/// <summary>The checks behind <c>/api/health</c> are ASP.NET Core health checks, and the answer is written from their report.</summary>
public sealed class HealthCheckRegistrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EachServiceIsAHealthCheckTaggedReadyAndNoneIsTaggedLive()
    {
        await using var app = ApiApplication.Create();

        var registrations = app.Service<IOptions<HealthCheckServiceOptions>>().Value.Registrations;

        Assert.Equal(["storage", "disk", "memory", "ingest", "docker"], registrations.Select(r => r.Name));
        Assert.All(registrations, r => Assert.Equal([HealthHosting.Ready], r.Tags));
        Assert.Empty((await app.Service<HealthCheckService>().CheckHealthAsync(HealthHosting.IsLive, Ct)).Entries);
    }

    [Fact]
    public async Task AWarningIsTheFrameworksDegradedAndLeavesTheAnswerHealthy()
    {
        await using var app = ApiApplication.Create();

        var report = await app.Service<HealthCheckService>().CheckHealthAsync(HealthHosting.IsReady, Ct);
        var answer = HealthReportWriter.Write(report, DateTimeOffset.UtcNow);

        Assert.Equal((HealthStatus.Degraded, "no agent has delivered a batch yet"), (report.Entries["ingest"].Status, report.Entries["ingest"].Description));
        Assert.Equal(HealthStatus.Healthy, report.Entries["storage"].Status);
        Assert.Empty(report.Entries["docker"].Data);
        Assert.Equal(("healthy", "warning", true), (answer.Status, answer.Services.Ingest.Status, answer.Services.Storage.Writable));
        Assert.Null(answer.Services.Docker);
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using WakeDock.Api.Tests.Support;
using WakeDock.Functions.Api;
using WakeDock.Functions.Health;
using WakeDock.Pipeline.Options;

namespace WakeDock.Api.Tests;

/// <summary>The 003 document's warning levels — disk at 20 % free, memory at 90 % used — and a low disk that never answers 503.</summary>
public sealed class HealthLevelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(61.7, "healthy")]
    [InlineData(20.01, "healthy")]
    [InlineData(20.0, "warning")]
    [InlineData(12.5, "warning")]
    [InlineData(5.0, "warning")]
    [InlineData(0.0, "warning")]
    public void DiskWarnsAtTwentyPercentFreeAndNeverGoesUnhealthy(double freePercent, string status)
        => Assert.Equal(status, HealthLevels.DiskLevel(freePercent, new HealthOptions()).Status);

    [Fact]
    public void AtFivePercentTheDiskWarningSaysWritesWillFailSoon()
    {
        Assert.Null(HealthLevels.DiskLevel(15, new HealthOptions()).Detail);
        Assert.Contains("writes will fail soon", HealthLevels.DiskLevel(4.2, new HealthOptions()).Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(41.2, "healthy")]
    [InlineData(89.99, "healthy")]
    [InlineData(90.0, "warning")]
    [InlineData(99.5, "warning")]
    public void MemoryWarnsAtNinetyPercentUsed(double usedPercent, string status)
        => Assert.Equal(status, HealthLevels.MemoryLevel(usedPercent, new HealthOptions()));

    [Fact]
    public async Task TheHostsLevelsAreTheDocumentsUnlessConfigured()
    {
        await using var app = ApiApplication.Create();

        var health = app.Service<IOptions<ApiOptions>>().Value.Health;

        Assert.Equal((20.0, 90.0), (health.DiskWarningFreePercent, health.MemoryWarningPercent));
    }

    [Fact]
    public async Task ADiskBelowEveryLevelAndMemoryAboveItWarnButTheAnswerStays200()
    {
        // levels moved past this machine's real figures, so that the real probe reports both as low
        await using var app = ApiApplication.Create(new Dictionary<string, string?>
        {
            ["WakeDock:Api:Health:DiskWarningFreePercent"] = "100",
            ["WakeDock:Api:Health:DiskCriticalFreePercent"] = "100",
            ["WakeDock:Api:Health:MemoryWarningPercent"] = "0",
        });
        await app.IngestAsync(Batches.SpecSample(DateTimeOffset.UtcNow.AddSeconds(-2)));
        using var client = app.Client();

        using var response = await client.GetAsync("/api/health", Ct);
        var health = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        var services = health["services"]!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", health["status"]!.GetValue<string>());
        Assert.Equal("warning", services["disk"]!["status"]!.GetValue<string>());
        Assert.Contains("writes will fail soon", services["disk"]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("warning", services["memory"]!["status"]!.GetValue<string>());
        Assert.Equal(("healthy", true), (services["storage"]!["status"]!.GetValue<string>(), services["storage"]!["writable"]!.GetValue<bool>()));
    }
}

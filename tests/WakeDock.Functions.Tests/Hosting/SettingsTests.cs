using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.Functions.Hosting;
using WakeDock.Pipeline.Hosting;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Storage.Azure;
using WakeDock.Pipeline.Thresholds;
using WakeDock.Testing;

namespace WakeDock.Functions.Tests.Hosting;

public sealed class SettingsTests
{
    private static WakeDockOptions Bind(IReadOnlyDictionary<string, string?> environment, IReadOnlyDictionary<string, string?>? section = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(section ?? new Dictionary<string, string?>())
            .AddSpecEnvironmentVariables(environment)
            .Build();
        return configuration.GetSection(WakeDockOptions.Section).Get<WakeDockOptions>() ?? new WakeDockOptions();
    }

    [Fact]
    public void TheSpecsVariablesWorkAsWritten()
    {
        var options = Bind(new Dictionary<string, string?>
        {
            ["WAKEDOCK_METRICS_INTERVAL"] = "10",
            ["WAKEDOCK_METRICS_RETENTION_DAYS"] = "14",
            ["WAKEDOCK_METRICS_STORAGE_PATH"] = "/var/log/wakedock/metrics",
            ["WAKEDOCK_CPU_WARNING_THRESHOLD"] = "75.0",
            ["WAKEDOCK_CPU_CRITICAL_THRESHOLD"] = "92.5",
            ["WAKEDOCK_MEMORY_WARNING_THRESHOLD"] = "85.0",
            ["WAKEDOCK_MEMORY_CRITICAL_THRESHOLD"] = "97.0",
        });

        Assert.Equal(10, options.Collection.IntervalSeconds);
        Assert.Equal(14, options.Retention.MetricsDays);
        Assert.Equal("/var/log/wakedock/metrics", options.Storage.Path);
        Assert.Equal((75.0, 92.5), (options.Thresholds.CpuPercent.Warning, options.Thresholds.CpuPercent.Critical));
        Assert.Equal((85.0, 97.0), (options.Thresholds.MemoryPercent.Warning, options.Thresholds.MemoryPercent.Critical));
    }

    [Fact]
    public void WithoutVariablesTheSpecsDefaultsApply()
    {
        var options = Bind(new Dictionary<string, string?>());
        var defaults = DefaultThresholds.From(options.Thresholds).ToDictionary(t => t.MetricType);

        Assert.Equal((70.0, 90.0), (defaults[MetricType.CpuPercent].WarningThreshold, defaults[MetricType.CpuPercent].CriticalThreshold));
        Assert.Equal((80.0, 95.0), (defaults[MetricType.MemoryPercent].WarningThreshold, defaults[MetricType.MemoryPercent].CriticalThreshold));
        Assert.Equal((100.0, 500.0), (defaults[MetricType.NetworkRx].WarningThreshold, defaults[MetricType.NetworkRx].CriticalThreshold));
        Assert.Equal((100.0, 500.0), (defaults[MetricType.NetworkTx].WarningThreshold, defaults[MetricType.NetworkTx].CriticalThreshold));
        // an unset path is chosen at start-up (StoragePathDefault): /var/log/wakedock/metrics when writable, .wakedock/metrics otherwise
        Assert.Equal((7, 7, 5.0, ""), (options.Retention.MetricsDays, options.Retention.AlertsDays, options.Collection.IntervalSeconds, options.Storage.Path));
        Assert.Equal(50L * 1024 * 1024, options.Storage.SegmentBytes);
    }

    [Fact]
    public void ASpecVariableWinsOverTheSection()
    {
        var options = Bind(
            new Dictionary<string, string?> { ["WAKEDOCK_METRICS_RETENTION_DAYS"] = "3" },
            new Dictionary<string, string?> { ["WakeDock:Retention:MetricsDays"] = "9", ["WakeDock:Retention:AlertsDays"] = "9" });

        Assert.Equal((3, 9), (options.Retention.MetricsDays, options.Retention.AlertsDays));
    }

    [Theory]
    [InlineData("WAKEDOCK_CPU_WARNING_THRESHOLD", "95", "WakeDock:Thresholds:CpuPercent")]
    [InlineData("WAKEDOCK_METRICS_RETENTION_DAYS", "0", "WAKEDOCK_METRICS_RETENTION_DAYS")]
    [InlineData("WAKEDOCK_METRICS_INTERVAL", "-1", "WAKEDOCK_METRICS_INTERVAL")]
    [InlineData("WAKEDOCK_STORAGE", "blob", "WakeDock:Storage:Blob:Endpoint")]
    public void SettingsThatCannotWorkAreRefusedByName(string variable, string value, string named)
    {
        var result = Validate(Bind(new Dictionary<string, string?> { [variable] = value }));

        Assert.True(result.Failed);
        Assert.Contains(named, result.FailureMessage, StringComparison.Ordinal);
    }

    /// <summary>Every validator the pipeline registers for the settings, as the host runs them at start.</summary>
    private static ValidateOptionsResult Validate(WakeDockOptions options)
    {
        IValidateOptions<WakeDockOptions>[] validators = [new WakeDockOptionsValidator(), new BlobOptionsValidator()];
        var failures = validators.Select(v => v.Validate(null, options)).Where(r => r.Failed).SelectMany(r => r.Failures ?? []).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [Fact]
    public void AWebhookOutsideTheAllowListIsRefused()
    {
        var options = Bind(new Dictionary<string, string?>(), new Dictionary<string, string?>
        {
            ["WakeDock:Alerts:Webhooks:Urls:0"] = "https://hooks.example.com/T0/B0/x",
            ["WakeDock:Alerts:Webhooks:AllowedHosts:0"] = "hooks.slack.com",
        });

        var result = Validate(options);

        Assert.Contains("hooks.example.com", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHostRefusesToStartOnBadSettings()
    {
        var folder = TempFolder.Create("refused");
        try
        {
            var builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["WakeDock:Storage:Path"] = folder,
                ["WakeDock:Thresholds:CpuPercent:Warning"] = "99",
            });
            builder.AddWakeDockFunctions();
            await using var app = builder.Build();

            var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));
            Assert.Contains("CpuPercent", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    [Fact]
    public void ThresholdsRefuseWarningAtOrAboveCritical()
    {
        var rejected = Assert.Throws<ThresholdRejectedException>(() => ThresholdStore.Validate(new Threshold { MetricType = MetricType.CpuPercent, WarningThreshold = 90, CriticalThreshold = 90 }));

        Assert.Equal("critical_threshold", rejected.Field);
    }
}

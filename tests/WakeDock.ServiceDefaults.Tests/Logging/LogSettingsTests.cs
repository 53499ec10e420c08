using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Events;
using WakeDock.ServiceDefaults.Logging;
using WakeDock.ServiceDefaults.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.ServiceDefaults.Tests.Logging;

public sealed class LogSettingsTests
{
    [Fact]
    public void LevelsComeFromTheSerilogSectionAndTheVariableWinsOverItsDefault()
    {
        var fromSection = LogSettings.Read(Configuration(("Serilog:MinimumLevel:Default", "Warning"), ("Serilog:MinimumLevel:Override:WakeDock.Requests", "Error")), development: false);
        var fromVariable = LogSettings.Read(Configuration(("Serilog:MinimumLevel:Default", "Warning"), (LogSettings.LevelVariable, "debug"),
            ("Serilog:MinimumLevel:Override:Microsoft.AspNetCore", "Warning"), ("Serilog:MinimumLevel:Override:WakeDock", "Verbose")), development: false);
        var plain = LogSettings.Read(Configuration(("Serilog:MinimumLevel", "Error")), development: false);
        var nothing = LogSettings.Read(Configuration(), development: false);

        Assert.Equal(LogEventLevel.Warning, fromSection.MinimumLevel);
        Assert.Equal(LogEventLevel.Error, fromSection.Overrides["WakeDock.Requests"]);
        Assert.Equal(LogEventLevel.Debug, fromVariable.MinimumLevel);
        Assert.Equal(LogEventLevel.Warning, fromVariable.Overrides["Microsoft.AspNetCore"]);
        Assert.Equal(LogEventLevel.Debug, fromVariable.Overrides["WakeDock"]);
        Assert.Equal(LogEventLevel.Error, plain.MinimumLevel);
        Assert.Equal(LogEventLevel.Information, nothing.MinimumLevel);
    }

    [Fact]
    public void DebugInDevelopmentInfoInProductionUnlessALevelIsConfigured()
    {
        Assert.Equal(LogEventLevel.Debug, LogSettings.Read(Configuration(), development: true).MinimumLevel);
        Assert.Equal(LogEventLevel.Information, LogSettings.Read(Configuration(), development: false).MinimumLevel);
        Assert.Equal(LogEventLevel.Warning, LogSettings.Read(Configuration(("Serilog:MinimumLevel:Default", "Warning")), development: true).MinimumLevel);
        Assert.Equal(LogEventLevel.Information, LogSettings.Read(Configuration((LogSettings.LevelVariable, "info")), development: true).MinimumLevel);
    }

    [Theory]
    [InlineData("trace", LogEventLevel.Verbose)]
    [InlineData("INFO", LogEventLevel.Information)]
    [InlineData("warn", LogEventLevel.Warning)]
    [InlineData("critical", LogEventLevel.Fatal)]
    [InlineData(" Error ", LogEventLevel.Error)]
    public void TheVariableTakesSerilogsAndCommonLevelNames(string text, LogEventLevel level)
        => Assert.Equal(level, LogSettings.Read(Configuration((LogSettings.LevelVariable, text)), development: false).MinimumLevel);

    [Fact]
    public void AWrongValueStopsTheHostNamingTheSetting()
    {
        var level = Assert.Throws<InvalidOperationException>(() => LogSettings.Read(Configuration((LogSettings.LevelVariable, "loud")), development: false));
        var format = Assert.Throws<InvalidOperationException>(() => LogSettings.Read(Configuration(("WakeDock:Logging:Format", "xml")), development: false));
        var rolling = Assert.Throws<InvalidOperationException>(() => LogSettings.Read(Configuration(("WakeDock:Logging:File:Path", "/tmp/x.log"), ("WakeDock:Logging:File:RollingInterval", "Weekly")), development: false));
        var retained = Assert.Throws<InvalidOperationException>(() => LogSettings.Read(Configuration(("WakeDock:Logging:File:Path", "/tmp/x.log"), ("WakeDock:Logging:File:RetainedFileCountLimit", "-1")), development: false));

        Assert.StartsWith("WAKEDOCK_LOG_LEVEL: 'loud'", level.Message, StringComparison.Ordinal);
        Assert.StartsWith("WakeDock:Logging:Format: 'xml'", format.Message, StringComparison.Ordinal);
        Assert.StartsWith("WakeDock:Logging:File:RollingInterval: 'Weekly'", rolling.Message, StringComparison.Ordinal);
        Assert.StartsWith("WakeDock:Logging:File:RetainedFileCountLimit: '-1'", retained.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonInProductionReadableInDevelopmentUnlessSaidOtherwise()
    {
        Assert.Equal(LogFormat.Json, LogSettings.Read(Configuration(), development: false).Format);
        Assert.Equal(LogFormat.Console, LogSettings.Read(Configuration(), development: true).Format);
        Assert.Equal(LogFormat.Json, LogSettings.Read(Configuration(("WakeDock:Logging:Format", "json")), development: true).Format);
        Assert.Equal(LogFormat.Console, LogSettings.Read(Configuration(("WakeDock:Logging:Format", "json"), (LogSettings.FormatVariable, "console")), development: false).Format);
    }

    [Fact]
    public void TheFileIsOptionalAndRollsDailyAndBySizeWithRetention()
    {
        var none = LogSettings.Read(Configuration(("WakeDock:Logging:File:Path", "")), development: false);
        var defaults = LogSettings.Read(Configuration((LogSettings.FileVariable, "/var/log/wakedock/host-.log")), development: false);
        var custom = LogSettings.Read(Configuration(("WakeDock:Logging:File:Path", "/logs/w.log"), ("WakeDock:Logging:File:RollingInterval", "hour"),
            ("WakeDock:Logging:File:FileSizeLimitBytes", "0"), ("WakeDock:Logging:File:RetainedFileCountLimit", "3")), development: false);

        Assert.Null(none.File);
        Assert.Equal(new FileLogSettings("/var/log/wakedock/host-.log", RollingInterval.Day, 100L * 1024 * 1024, 14), defaults.File);
        Assert.Equal(new FileLogSettings("/logs/w.log", RollingInterval.Hour, null, 3), custom.File);
    }

    [Fact]
    public void TheRollingFileGetsOneClefLinePerEventWithSecretsMasked()
    {
        var folder = Directory.CreateTempSubdirectory("wakedock-logfile-").FullName;
        try
        {
            var settings = LogSettings.Read(Configuration(("WakeDock:Logging:File:Path", Path.Combine(folder, "agent-.log")), ("Serilog:MinimumLevel:Default", "Warning")), development: false);
            using (var logger = settings.Apply(new LoggerConfiguration()).CreateLogger())
            {
                logger.Information("dropped below the level");
                logger.Warning("Publishing with {AppApiToken} failed", "hunter2");
            }

            var file = Assert.Single(Directory.GetFiles(folder));
            var lines = File.ReadAllLines(file);

            Assert.Matches(@"agent-\d{8}\.log$", file);
            var line = Assert.Single(lines);
            Assert.Contains("\"@mt\":\"Publishing with {AppApiToken} failed\"", line, StringComparison.Ordinal);
            Assert.Contains("\"AppApiToken\":\"***\"", line, StringComparison.Ordinal);
            Assert.DoesNotContain("hunter2", line, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void TheShippedAppsettingsLogJsonToStdoutAndRollAFileOnlyWhenAPathIsGiven()
    {
        IConfiguration Shipped(params (string Key, string? Value)[] values) => new ConfigurationBuilder()
            .AddJsonFile(RepoFiles.PathOf("functions/WakeDock.Functions/appsettings.json"))
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

        var production = LogSettings.Read(Shipped(), development: false);
        var development = LogSettings.Read(Shipped(), development: true);
        var withFile = LogSettings.Read(Shipped((LogSettings.FileVariable, "/var/log/wakedock/functions-.log")), development: false);

        Assert.Equal(LogEventLevel.Information, production.MinimumLevel);
        Assert.Equal(LogEventLevel.Debug, development.MinimumLevel);
        Assert.Equal(LogEventLevel.Warning, production.Overrides["Microsoft.AspNetCore"]);
        Assert.Equal(LogFormat.Json, production.Format);
        Assert.Null(production.File);
        Assert.Equal(new FileLogSettings("/var/log/wakedock/functions-.log", RollingInterval.Day, 104_857_600, 14), withFile.File);
    }

    private static IConfiguration Configuration(params (string Key, string? Value)[] values)
        => new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}

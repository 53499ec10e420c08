using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Serilog;
using Serilog.Events;
using WakeDock.ServiceDefaults.Logging;
using WakeDock.ServiceDefaults.Tests.Support;

namespace WakeDock.ServiceDefaults.Tests.Logging;

public sealed class ClefFormatterTests
{
    [Fact]
    public void AnEventIsOneJsonLineWithTheCompactLogEventFormatFields()
    {
        var logEvent = Capture(log => log.Warning("Storage refused batch {Source} {Id} after {Attempts} attempts", "wakedock://agent/h1", "b-1", 3));

        var line = Format(logEvent);
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;

        Assert.EndsWith("}\n", line, StringComparison.Ordinal);
        Assert.Single(line.TrimEnd('\n').Split('\n'));
        Assert.Equal(logEvent.Timestamp.UtcDateTime, DateTime.Parse(root.GetProperty("@t").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal));
        Assert.EndsWith("Z", root.GetProperty("@t").GetString(), StringComparison.Ordinal);
        Assert.Equal("Storage refused batch {Source} {Id} after {Attempts} attempts", root.GetProperty("@mt").GetString());
        Assert.Equal("Storage refused batch \"wakedock://agent/h1\" \"b-1\" after 3 attempts", root.GetProperty("@m").GetString());
        Assert.Equal("Warning", root.GetProperty("@l").GetString());
        Assert.Equal("wakedock://agent/h1", root.GetProperty("Source").GetString());
        Assert.Equal(3, root.GetProperty("Attempts").GetInt32());
    }

    [Fact]
    public void InformationHasNoLevelAndAnExceptionIsWrittenWhole()
    {
        var information = JsonDocument.Parse(Format(Capture(log => log.Information("fine")))).RootElement;
        var failure = JsonDocument.Parse(Format(Capture(log => log.Error(new InvalidOperationException("broken \"quote\"\nsecond line"), "failed")))).RootElement;

        Assert.False(information.TryGetProperty("@l", out _));
        Assert.False(information.TryGetProperty("@x", out _));
        Assert.Equal("Error", failure.GetProperty("@l").GetString());
        Assert.StartsWith("System.InvalidOperationException: broken \"quote\"\nsecond line", failure.GetProperty("@x").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void StructuresSequencesAndReservedNamesAreValidJson()
    {
        var logEvent = Capture(log => log.ForContext("@weird", "escaped").Information("Batch {@Batch} of {Hosts}",
            new { Host = "h\"1", Count = 2 }, new[] { "a", "b" }));

        var root = JsonDocument.Parse(Format(logEvent)).RootElement;

        Assert.Equal("h\"1", root.GetProperty("Batch").GetProperty("Host").GetString());
        Assert.Equal(2, root.GetProperty("Batch").GetProperty("Count").GetInt32());
        Assert.Equal(["a", "b"], root.GetProperty("Hosts").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal("escaped", root.GetProperty("@@weird").GetString());
    }

    [Fact]
    public void TheCurrentActivitysTraceAndSpanAreTheEventsTrAndSp()
    {
        using var activity = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start();

        var root = JsonDocument.Parse(Format(Capture(log => log.Information("inside")))).RootElement;

        Assert.Equal(activity.TraceId.ToHexString(), root.GetProperty("@tr").GetString());
        Assert.Equal(activity.SpanId.ToHexString(), root.GetProperty("@sp").GetString());
        Assert.False(root.TryGetProperty(TraceContextEnricher.TraceIdProperty, out _));
    }

    [Fact]
    public void WithoutAnActivityThereIsNoTraceId()
    {
        Activity.Current = null;

        var root = JsonDocument.Parse(Format(Capture(log => log.Information("outside")))).RootElement;

        Assert.False(root.TryGetProperty("@tr", out _));
        Assert.False(root.TryGetProperty("@sp", out _));
    }

    internal static LogEvent Capture(Action<ILogger> write)
    {
        var sink = new CollectingSink();
        using (var logger = new LoggerConfiguration().MinimumLevel.Verbose().Enrich.With<TraceContextEnricher>().Enrich.With<SecretMasking>().WriteTo.Sink(sink).CreateLogger())
        {
            write(logger);
        }

        return Assert.Single(sink.Events);
    }

    internal static string Format(LogEvent logEvent)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        new ClefFormatter().Format(logEvent, output);
        return output.ToString();
    }
}

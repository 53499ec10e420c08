using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using WakeDock.Contracts;
using WakeDock.Functions.Live;
using WakeDock.Pipeline.Live;
using WakeDock.Pipeline.Telemetry;
using WakeDock.Live.Tests.Support;

namespace WakeDock.Live.Tests.Streams;

public sealed class StreamFilterTests
{
    private static readonly string Id = "0123456789abcdef" + new string('0', 48);

    [Fact]
    public void AnEmptyFilterLetsEverythingThrough()
        => Assert.True(StreamFilter.All.Matches(Samples.Of(Id, "web-1", 1)));

    [Theory]
    [InlineData("0123456789abcdef0000000000000000000000000000000000000000000000000000", false)]
    [InlineData("0123456789ab", true)]
    [InlineData("0123456789a", false)]
    [InlineData("web-1", true)]
    [InlineData("web", false)]
    public void AContainerIsNamedByItsIdAPrefixOfTwelveOrItsName(string wanted, bool matches)
    {
        var filter = StreamFilter.All with { ContainerIds = [wanted] };
        Assert.Equal(matches || wanted == Id, filter.Matches(Samples.Of(Id, "web-1", 1)));
    }

    [Fact]
    public void AFullIdMatches()
        => Assert.True((StreamFilter.All with { ContainerIds = [Id] }).Matches(Samples.Of(Id, "web-1", 1)));

    [Fact]
    public void ListsAreAlternativesAndDimensionsMustAllMatch()
    {
        var filter = StreamFilter.All with { ServiceNames = ["web", "db"], Hosts = ["h2"] };

        Assert.True(filter.Matches(Samples.Of(Id, "x", 1, service: "db", host: "h2")));
        Assert.False(filter.Matches(Samples.Of(Id, "x", 1, service: "db", host: "h1")));
        Assert.False(filter.Matches(Samples.Of(Id, "x", 1, service: "cache", host: "h2")));
        Assert.False(filter.Matches(Samples.Of(Id, "x", 1, service: null, host: "h2")));
    }

    [Fact]
    public void AlertLevelsFilterAlertsOnly()
    {
        var filter = StreamRequestReader.Filter(JsonDocument.Parse("""{"alert_levels":["critical"]}""").RootElement);
        var alert = new Alert { ContainerId = Id, Timestamp = DateTimeOffset.UtcNow, Level = AlertLevel.Warning };

        Assert.False(filter.Matches(alert));
        Assert.True(filter.Matches(alert with { Level = AlertLevel.Critical }));
        Assert.True(filter.Matches(Samples.Of(Id, "x", 1)));
    }

    [Fact]
    public void TheSpecsExampleSubscriptionsRead()
    {
        var metrics = StreamRequestReader.Read("""{"action":"subscribe","stream_type":"metrics","filters":{"container_ids":["abc123","def456"],"service_names":["web","db"]}}"""u8);
        var alerts = StreamRequestReader.Read("""{"action":"subscribe","stream_type":"alerts","filters":{"alert_levels":["warning","critical"]}}"""u8);
        var status = StreamRequestReader.Read("""{"action":"subscribe","stream_type":"system_status"}"""u8);

        Assert.Equal(StreamType.Metrics, metrics.Stream);
        Assert.Equal(["abc123", "def456"], metrics.Filter.ContainerIds);
        Assert.Equal(["web", "db"], metrics.Filter.ServiceNames);
        Assert.Equal([AlertLevel.Warning, AlertLevel.Critical], alerts.Filter.AlertLevels);
        Assert.Equal(StreamType.SystemStatus, status.Stream);
        Assert.True(status.Filter.IsEmpty);
    }
}

public sealed class StreamClientTests
{
    [Fact]
    public void AClientThatFallsBehindLosesItsOldestMessagesCounted()
    {
        using var meter = new Meter(PipelineMetrics.MeterName);
        long dropped = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == "wakedock.stream.messages.dropped")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref dropped, value));
        listener.Start();
        var client = new StreamClient("slow", StreamTransport.WebSocket, capacity: 16, new StreamCounters(meter));

        for (var i = 0; i < 100; i++)
        {
            client.Offer(new LiveMessage("metrics_update", Encoding.UTF8.GetBytes($"{{\"n\":{i}}}")));
        }

        var kept = new List<string>();
        while (client.Outbox.TryRead(out var message))
        {
            kept.Add(message.ToString());
        }

        Assert.Equal(84, client.Dropped);
        Assert.Equal(84, Interlocked.Read(ref dropped));
        Assert.Equal(Enumerable.Range(84, 16).Select(i => $"{{\"n\":{i}}}"), kept);
    }
}

using System.Diagnostics.Metrics;
using WakeDock.EdgeAgent.Diagnostics;

namespace WakeDock.EdgeAgent.Tests.Support;

/// <summary>Meters for one test, and what their instruments recorded.</summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];
    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private readonly List<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = [];

    public TestMeterFactory()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (_meters.Contains(instrument.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public AgentMetrics Metrics() => new(this);

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options.Name, options.Version, options.Tags, this);
        _meters.Add(meter);
        return meter;
    }

    /// <summary>Sum of what <paramref name="instrument"/> recorded, optionally only with tag <paramref name="tag"/> = <paramref name="value"/>.</summary>
    public double Sum(string instrument, string? tag = null, object? value = null)
    {
        lock (_lock)
        {
            return _measurements.Where(m => m.Instrument == instrument && (tag is null || Equals(m.Tags.GetValueOrDefault(tag), value))).Sum(m => m.Value);
        }
    }

    public int Count(string instrument)
    {
        lock (_lock)
        {
            return _measurements.Count(m => m.Instrument == instrument);
        }
    }

    /// <summary>The latest value of an observable gauge, optionally of its series with tag <paramref name="tag"/> = <paramref name="value"/>.</summary>
    public double Observe(string instrument, string? tag = null, object? value = null)
    {
        _listener.RecordObservableInstruments();
        lock (_lock)
        {
            return _measurements.Last(m => m.Instrument == instrument && (tag is null || Equals(m.Tags.GetValueOrDefault(tag), value))).Value;
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        _meters.ForEach(m => m.Dispose());
    }

    private void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        lock (_lock)
        {
            _measurements.Add((instrument.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), copy));
        }
    }
}

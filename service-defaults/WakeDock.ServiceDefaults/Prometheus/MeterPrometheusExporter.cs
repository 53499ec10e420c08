using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace WakeDock.ServiceDefaults.Prometheus;

/// <summary>
/// Listens to the named <see cref="Meter"/>s and renders their instruments in the Prometheus text
/// format at each scrape: counters as <c>_total</c> counters, up-down counters and gauges as gauges,
/// histograms with cumulative buckets (the instrument's advised boundaries, or Prometheus's
/// defaults). Units <c>s</c> and <c>By</c> become the <c>_seconds</c> and <c>_bytes</c> suffixes. An instrument
/// is declared (<c># HELP</c>, <c># TYPE</c>) from the moment it exists, its series from their first measurement.
/// </summary>
public sealed class MeterPrometheusExporter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentSeries> _instruments = new();
    private readonly IReadOnlyList<IPrometheusCollector> _collectors;

    /// <summary>Starts listening to the meters named <paramref name="meterNames"/>.</summary>
    public MeterPrometheusExporter(IEnumerable<string> meterNames, IEnumerable<IPrometheusCollector>? collectors = null)
        : this(Named(meterNames), collectors)
    {
    }

    /// <summary>
    /// Starts listening to the meters <paramref name="include"/> accepts; a host with meters from an
    /// <see cref="IMeterFactory"/> accepts those whose <see cref="Meter.Scope"/> is its factory, so that
    /// hosts sharing a process (tests) do not count into each other's scrape.
    /// </summary>
    public MeterPrometheusExporter(Func<Meter, bool> include, IEnumerable<IPrometheusCollector>? collectors = null)
        : this(collectors)
    {
        ArgumentNullException.ThrowIfNull(include);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (include(instrument.Meter))
            {
                listener.EnableMeasurementEvents(instrument, _instruments.GetOrAdd(instrument, InstrumentSeries.For));
            }
        };
        _listener.Start();
    }

    private static Func<Meter, bool> Named(IEnumerable<string> meterNames)
    {
        var names = meterNames.ToHashSet(StringComparer.Ordinal);
        return meter => names.Contains(meter.Name);
    }

    private MeterPrometheusExporter(IEnumerable<IPrometheusCollector>? collectors)
    {
        _collectors = collectors?.ToList() ?? [];
        _listener.MeasurementsCompleted = (instrument, _) => _instruments.TryRemove(instrument, out InstrumentSeries? _);
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<byte>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>((_, value, tags, state) => ((InstrumentSeries)state!).Record((double)value, tags));
    }

    /// <summary>Observes the observable instruments, then writes every family and the collectors' families.</summary>
    public void Collect(TextWriter output)
    {
        foreach (var series in _instruments.Values.Where(s => s.IsObservable))
        {
            series.Clear();
        }

        _listener.RecordObservableInstruments();
        var writer = new PrometheusTextWriter(output);
        // a family is written once: of same-named instruments (meters of several hosts in one process), one with series comes first
        foreach (var series in _instruments.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.IsEmpty))
        {
            series.Write(writer);
        }

        foreach (var collector in _collectors)
        {
            collector.Collect(writer);
        }
    }

    /// <summary>The whole scrape as a string.</summary>
    public string Collect()
    {
        using var output = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Collect(output);
        return output.ToString();
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();
}

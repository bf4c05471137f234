using System.Diagnostics.Metrics;
using FanRewards.Core.Telemetry;

namespace FanRewards.DevHost.Diagnostics;

/// <summary>
/// The DevHost's view of the FanRewards meter, collected in-process since the DevHost started (the Function App
/// exports the same instruments with OpenTelemetry): counters summed per tag set, histograms as count, sum and max,
/// gauges as their value now (observed when the snapshot is taken; they read memory only).
/// </summary>
internal sealed class MetricTotals : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<(string Instrument, string Tags), Series> _series = [];
    private readonly Lock _lock = new();

    public MetricTotals()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == FanRewardsTelemetry.Name) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var tagMap = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in tags) tagMap[tag.Key] = tag.Value?.ToString();
        var key = (instrument.Name, string.Join('\u001f', tagMap.Select(t => $"{t.Key}={t.Value}")));
        lock (_lock)
        {
            if (!_series.TryGetValue(key, out var series))
            {
                _series[key] = series = new Series(instrument.Name, KindOf(instrument), instrument.Unit, tagMap);
            }

            series.Count++;
            // A gauge's measurement is its value now, not an increment.
            series.Sum = series.Kind == GaugeKind ? value : series.Sum + value;
            series.Max = series.Count == 1 ? value : Math.Max(series.Max, value);
        }
    }

    /// <summary>Every instrument with what it recorded so far, one entry per tag set.</summary>
    public MetricsSnapshot Snapshot()
    {
        // Gauges report only what is current: what they reported before and no longer does (a stale value) goes.
        lock (_lock)
        {
            foreach (var key in _series.Where(s => s.Value.Kind == GaugeKind).Select(s => s.Key).ToList()) _series.Remove(key);
        }
        _listener.RecordObservableInstruments();
        lock (_lock)
        {
            var instruments = _series.Values.GroupBy(s => s.Instrument).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
            {
                var histogram = g.First().Kind == HistogramKind;
                return new InstrumentTotals(g.Key, g.First().Kind, g.First().Unit,
                    histogram ? null : g.Sum(s => s.Sum),
                    g.Select(s => new SeriesTotals(new Dictionary<string, string?>(s.Tags),
                        histogram ? null : s.Sum, histogram ? s.Count : null, histogram ? s.Sum : null, histogram ? s.Max : null)).ToList());
            }).ToList();
            return new MetricsSnapshot(FanRewardsTelemetry.Name, DateTimeOffset.UtcNow, instruments);
        }
    }

    public void Dispose() => _listener.Dispose();

    private const string CounterKind = "counter";
    private const string HistogramKind = "histogram";
    private const string GaugeKind = "gauge";

    private static string KindOf(Instrument instrument) => instrument switch
    {
        Histogram<double> or Histogram<long> or Histogram<int> => HistogramKind,
        ObservableGauge<long> or ObservableGauge<int> or ObservableGauge<double> => GaugeKind,
        _ => CounterKind,
    };

    private sealed class Series(string instrument, string kind, string? unit, IReadOnlyDictionary<string, string?> tags)
    {
        public string Instrument { get; } = instrument;
        public string Kind { get; } = kind;
        public string? Unit { get; } = unit;
        public IReadOnlyDictionary<string, string?> Tags { get; } = tags;
        public long Count;
        public double Sum;
        public double Max;
    }
}

internal sealed record MetricsSnapshot(string Meter, DateTimeOffset At, IReadOnlyList<InstrumentTotals> Instruments);

/// <summary>
/// A counter's <c>Total</c> over all tag sets (a gauge's: the sum of its values now) and each tag set's value, or, for a
/// histogram, per tag set its count, sum and max.
/// </summary>
internal sealed record InstrumentTotals(string Name, string Kind, string? Unit, double? Total, IReadOnlyList<SeriesTotals> Series);

internal sealed record SeriesTotals(IReadOnlyDictionary<string, string?> Tags, double? Value, long? Count, double? Sum, double? Max);

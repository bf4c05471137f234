using System.Diagnostics.Metrics;
using FanRewards.Core.Telemetry;

namespace FanRewards.DevHost.Diagnostics;

/// <summary>
/// The DevHost's view of the FanRewards meter, collected in-process since the DevHost started (the Function App
/// exports the same instruments with OpenTelemetry): counters summed per tag set, histograms as count, sum and max.
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
                _series[key] = series = new Series(instrument.Name, instrument is Histogram<double> or Histogram<long> or Histogram<int>,
                    instrument.Unit, tagMap);
            }

            series.Count++;
            series.Sum += value;
            series.Max = series.Count == 1 ? value : Math.Max(series.Max, value);
        }
    }

    /// <summary>Every instrument with what it recorded so far, one entry per tag set.</summary>
    public MetricsSnapshot Snapshot()
    {
        lock (_lock)
        {
            var instruments = _series.Values.GroupBy(s => s.Instrument).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
            {
                var histogram = g.First().Histogram;
                return new InstrumentTotals(g.Key, histogram ? "histogram" : "counter", g.First().Unit,
                    histogram ? null : g.Sum(s => s.Sum),
                    g.Select(s => new SeriesTotals(new Dictionary<string, string?>(s.Tags),
                        histogram ? null : s.Sum, histogram ? s.Count : null, histogram ? s.Sum : null, histogram ? s.Max : null)).ToList());
            }).ToList();
            return new MetricsSnapshot(FanRewardsTelemetry.Name, DateTimeOffset.UtcNow, instruments);
        }
    }

    public void Dispose() => _listener.Dispose();

    private sealed class Series(string instrument, bool histogram, string? unit, IReadOnlyDictionary<string, string?> tags)
    {
        public string Instrument { get; } = instrument;
        public bool Histogram { get; } = histogram;
        public string? Unit { get; } = unit;
        public IReadOnlyDictionary<string, string?> Tags { get; } = tags;
        public long Count;
        public double Sum;
        public double Max;
    }
}

internal sealed record MetricsSnapshot(string Meter, DateTimeOffset At, IReadOnlyList<InstrumentTotals> Instruments);

/// <summary>A counter's <c>Total</c> over all tag sets, or, for a histogram, per tag set its count, sum and max.</summary>
internal sealed record InstrumentTotals(string Name, string Kind, string? Unit, double? Total, IReadOnlyList<SeriesTotals> Series);

internal sealed record SeriesTotals(IReadOnlyDictionary<string, string?> Tags, double? Value, long? Count, double? Sum, double? Max);

using System.Buffers;
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
    private readonly Dictionary<string, Series> _series = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Series>.AlternateLookup<ReadOnlySpan<char>> _bySeriesKey;
    private readonly Lock _lock = new();

    public MetricTotals()
    {
        _bySeriesKey = _series.GetAlternateLookup<ReadOnlySpan<char>>();
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
        // Every accepted entry records here: the series is found by its key written into a pooled buffer and looked
        // up as a span, so a measurement of a series seen before allocates nothing (values that are not text aside).
        var texts = ArrayPool<string?>.Shared.Rent(tags.Length);
        var order = ArrayPool<int>.Shared.Rent(tags.Length);
        var length = instrument.Name.Length;
        for (var i = 0; i < tags.Length; i++)
        {
            texts[i] = tags[i].Value as string ?? tags[i].Value?.ToString();
            length += 2 + tags[i].Key.Length + (texts[i]?.Length ?? 0);
            // Insertion sort by tag name: a handful of tags, in any order the caller gave them.
            var at = i;
            for (; at > 0 && string.CompareOrdinal(tags[order[at - 1]].Key, tags[i].Key) > 0; at--) order[at] = order[at - 1];
            order[at] = i;
        }

        var key = ArrayPool<char>.Shared.Rent(length);
        var written = WriteKey(key, instrument.Name, tags, texts, order);
        lock (_lock)
        {
            if (!_bySeriesKey.TryGetValue(key.AsSpan(0, written), out var series))
            {
                var tagMap = new SortedDictionary<string, string?>(StringComparer.Ordinal);
                for (var i = 0; i < tags.Length; i++) tagMap[tags[i].Key] = texts[i];
                series = new Series(instrument.Name, KindOf(instrument), instrument.Unit, tagMap);
                _series[new string(key, 0, written)] = series;
            }

            series.Count++;
            // A gauge's measurement is its value now, not an increment.
            series.Sum = series.Kind == GaugeKind ? value : series.Sum + value;
            series.Max = series.Count == 1 ? value : Math.Max(series.Max, value);
        }

        ArrayPool<char>.Shared.Return(key);
        ArrayPool<int>.Shared.Return(order);
        ArrayPool<string?>.Shared.Return(texts, clearArray: true);
    }

    /// <summary>"instrument␞name=value␟name=value…", the tags in name order: one key per instrument and tag set.</summary>
    private static int WriteKey(char[] key, string instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags, string?[] texts, int[] order)
    {
        var written = 0;
        void Append(ReadOnlySpan<char> text, char? separator)
        {
            if (separator is { } c) key[written++] = c;
            text.CopyTo(key.AsSpan(written));
            written += text.Length;
        }

        Append(instrument, null);
        for (var i = 0; i < tags.Length; i++)
        {
            Append(tags[order[i]].Key, i == 0 ? '\u001e' : '\u001f');
            Append(texts[order[i]], '=');
        }
        return written;
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

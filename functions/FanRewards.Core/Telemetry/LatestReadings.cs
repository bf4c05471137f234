using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace FanRewards.Core.Telemetry;

/// <summary>
/// The last value this instance saw of something per tag set (a prize's stock left, a campaign's outbox backlog), for
/// an observable gauge to report. Observing reads memory only, never storage: the values come from work that happens
/// anyway (an award attempt, an outbox run). A value not seen again within <see cref="FreshFor"/> is no longer
/// reported, so an instance that stopped doing the work (the timer moved to another instance, the campaign went quiet,
/// entries stopped before a sell-out) does not keep reporting an old value beside the one that is current. Bounded:
/// past <see cref="MaxSeries"/> tag sets the stale ones go first, then all (forgetting costs one missing point, not a
/// wrong one).
/// </summary>
public sealed class LatestReadings(TimeSpan freshFor, TimeProvider clock)
{
    public const int MaxSeries = 10_000;

    private readonly ConcurrentDictionary<(string Campaign, string? Prize), (long Value, DateTimeOffset SeenAt)> _values = new();

    public LatestReadings(TimeSpan freshFor) : this(freshFor, TimeProvider.System)
    {
    }

    public TimeSpan FreshFor { get; } = freshFor;

    public void Record(string campaignId, string? prizeId, long value)
    {
        if (_values.Count >= MaxSeries && !_values.ContainsKey((campaignId, prizeId))) ForgetStale();
        _values[(campaignId, prizeId)] = (value, clock.GetUtcNow());
    }

    /// <summary>The fresh values as measurements tagged campaign (and prize, when the reading has one).</summary>
    public IEnumerable<Measurement<long>> Observe()
    {
        var now = clock.GetUtcNow();
        foreach (var ((campaign, prize), (value, seenAt)) in _values)
        {
            if (now - seenAt > FreshFor) continue;
            yield return prize is null
                ? new Measurement<long>(value, new KeyValuePair<string, object?>("campaign", campaign))
                : new Measurement<long>(value, new KeyValuePair<string, object?>("campaign", campaign), new KeyValuePair<string, object?>("prize", prize));
        }
    }

    private void ForgetStale()
    {
        var now = clock.GetUtcNow();
        foreach (var (key, (_, seenAt)) in _values)
            if (now - seenAt > FreshFor) _values.TryRemove(key, out _);
        if (_values.Count >= MaxSeries) _values.Clear();
    }
}

using FanRewards.Core.Telemetry;

namespace FanRewards.Core.Tests.Telemetry;

/// <summary>
/// The gauges' readings: a value this instance has not seen again within its freshness is no longer reported (the
/// stock left of a prize whose entries stopped before a sell-out, on an instance that stopped giving it, must not stand
/// above what the other instances know), and a new sighting reports it again.
/// </summary>
public sealed class LatestReadingsTests
{
    private static readonly DateTimeOffset Start = new(2027, 2, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_stock_reading_not_seen_again_for_two_minutes_is_no_longer_reported_and_a_new_sighting_reports_it_again()
    {
        var clock = new ManualClock(Start);
        var readings = new LatestReadings(FanRewardsTelemetry.StockFreshFor, clock);
        readings.Record("lantern", "ticket", 7);
        readings.Record("lantern", "pass", 0);

        clock.Advance(TimeSpan.FromMinutes(1));
        readings.Record("lantern", "pass", 0); // still tried: sold out, exact
        Assert.Equal([("pass", 0L), ("ticket", 7L)], Observed(readings));

        clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1)); // the ticket's entries stopped two minutes ago
        Assert.Equal([("pass", 0L)], Observed(readings));

        readings.Record("lantern", "ticket", 3);
        Assert.Equal([("pass", 0L), ("ticket", 3L)], Observed(readings));
        Assert.Equal(TimeSpan.FromMinutes(2), FanRewardsTelemetry.StockFreshFor);
    }

    [Fact]
    public void Past_the_series_bound_the_stale_readings_are_forgotten_first()
    {
        var clock = new ManualClock(Start);
        var readings = new LatestReadings(TimeSpan.FromMinutes(5), clock);
        for (var i = 0; i < LatestReadings.MaxSeries - 1; i++) readings.Record($"old-{i}", null, i);
        clock.Advance(TimeSpan.FromMinutes(6));
        readings.Record("fresh", null, 1);
        readings.Record("newer", null, 2); // the bound reached: the stale ones go, the fresh one stays

        Assert.Equal([("fresh", 1L), ("newer", 2L)], readings.Observe()
            .Select(m => ((string)m.Tags.ToArray().Single(t => t.Key == "campaign").Value!, m.Value)).Order().ToList());
    }

    private static List<(string Prize, long Value)> Observed(LatestReadings readings) =>
        readings.Observe().Select(m => ((string)m.Tags.ToArray().Single(t => t.Key == "prize").Value!, m.Value)).Order().ToList();
}

using System.Diagnostics.Metrics;
using FanRewards.Core.Telemetry;
using FanRewards.DevHost.Diagnostics;

namespace FanRewards.DevHost.Tests.Diagnostics;

/// <summary>The DevHost's in-process totals: one series per instrument and tag set, whatever order the tags come in.</summary>
public class MetricTotalsTests
{
    [Fact]
    public void Measurements_with_the_same_tags_in_any_order_add_up_in_one_series_and_other_tags_in_another()
    {
        using var totals = new MetricTotals();
        using var meter = new Meter(FanRewardsTelemetry.Name);
        var name = "test.totals." + Guid.NewGuid().ToString("N");
        var counter = meter.CreateCounter<long>(name);

        counter.Add(2, new("campaign", "c1"), new("activity.kind", "like"));
        counter.Add(3, new("activity.kind", "like"), new("campaign", "c1"));
        counter.Add(5, new("campaign", "c2"), new("activity.kind", "like"));
        counter.Add(7, new KeyValuePair<string, object?>("campaign", "c1"));

        var instrument = Assert.Single(totals.Snapshot().Instruments, i => i.Name == name);
        Assert.Equal(17, instrument.Total);
        Assert.Equal(3, instrument.Series.Count);
        var c1Likes = Assert.Single(instrument.Series, s => s.Tags.Count == 2 && s.Tags["campaign"] == "c1");
        Assert.Equal(5, c1Likes.Value);
        Assert.Equal("like", c1Likes.Tags["activity.kind"]);
        Assert.Equal(5, Assert.Single(instrument.Series, s => s.Tags.Count == 2 && s.Tags["campaign"] == "c2").Value);
        Assert.Equal(7, Assert.Single(instrument.Series, s => s.Tags.Count == 1).Value);
    }

    [Fact]
    public void A_tag_whose_value_is_not_text_is_kept_as_its_text_and_a_missing_value_as_null()
    {
        using var totals = new MetricTotals();
        using var meter = new Meter(FanRewardsTelemetry.Name);
        var name = "test.totals." + Guid.NewGuid().ToString("N");
        var histogram = meter.CreateHistogram<double>(name);

        histogram.Record(1.5, new("shard", 3), new("phase", null));
        histogram.Record(2.5, new("phase", null), new("shard", 3));

        var series = Assert.Single(Assert.Single(totals.Snapshot().Instruments, i => i.Name == name).Series);
        Assert.Equal("3", series.Tags["shard"]);
        Assert.Null(series.Tags["phase"]);
        Assert.Equal(2, series.Count);
        Assert.Equal(4.0, series.Sum);
        Assert.Equal(2.5, series.Max);
    }
}

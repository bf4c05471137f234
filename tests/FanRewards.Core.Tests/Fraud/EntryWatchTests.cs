using FanRewards.Core.Campaigns;
using FanRewards.Core.Campaigns.Model;
using FanRewards.Core.Entries;
using FanRewards.Core.Figures;
using FanRewards.Core.Fraud;
using Moq;

namespace FanRewards.Core.Tests.Fraud;

public sealed class EntryWatchTests
{
    private static readonly DateTimeOffset T0 = new(2027, 2, 20, 4, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_disqualified_are_looked_up_in_a_copy_read_once_per_few_seconds_not_once_per_entry()
    {
        var store = new Mock<IDisqualificationStore>();
        store.Setup(s => s.ListAsync("c", It.IsAny<CancellationToken>()))
            .ReturnsAsync([new Disqualification("c", "cheat", new string('a', 64), "多账号", new Core.Admins.AdminRef(null, "刘审核"), T0)]);
        var clock = new ManualClock(T0);
        var watch = new EntryWatch(new SignalTally(Mock.Of<ISignalAggregateStore>(), new FigureOptions()),
            new DisqualifiedEntrants(new CachingDisqualificationStore(store.Object, clock, TimeSpan.FromSeconds(30))));
        var campaign = TestCampaign.Lantern("c").Published().Build();

        for (var i = 0; i < 1_000; i++) await watch.RefuseIfDisqualifiedAsync(campaign, new Entrant($"fan-{i}", false), CancellationToken.None);
        var refused = await Assert.ThrowsAsync<ProblemException>(() => watch.RefuseIfDisqualifiedAsync(campaign, new Entrant("cheat", false), CancellationToken.None));
        Assert.Equal((403, Problem.TypePrefix + "entrant-disqualified"), (refused.Problem.Status, refused.Problem.Type));
        store.Verify(s => s.ListAsync("c", It.IsAny<CancellationToken>()), Times.Once());

        clock.Advance(TimeSpan.FromSeconds(31));
        await watch.RefuseIfDisqualifiedAsync(campaign, new Entrant("fan-x", false), CancellationToken.None);
        store.Verify(s => s.ListAsync("c", It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Theory]
    [InlineData(20, 10, 2)]
    [InlineData(15, 10, 2)]
    [InlineData(30, 4, 6)]
    [InlineData(3, 10, 1)]
    public void A_minute_of_a_suspicious_window_reaches_the_hot_level(int threshold, int windowMinutes, int level)
    {
        Assert.Equal(level, SignalTally.HotLevel(threshold, TimeSpan.FromMinutes(windowMinutes)));
        // Pigeonholes: a window of W minutes touches at most W + 1 minutes, so one of them holds the level.
        Assert.True(level * (windowMinutes + 1) >= threshold);
    }

    [Fact]
    public void A_riddle_set_is_decided_fast_from_the_progress_in_hand()
    {
        static string Progress(int secondsApart) => string.Join(';', Enumerable.Range(1, 5).Select(i =>
            $"r{i}=1+@{T0.AddSeconds(i * secondsApart).ToUnixTimeMilliseconds()}"));
        EntryRecord Entry(string progress) => new()
        {
            CampaignId = "c", Bucket = 0, RowKey = "", ActivityId = "riddles", Kind = ActivityKind.Riddle, EntrantId = "bot",
            Pseudonym = new string('b', 64), AcceptedAt = T0, Progress = progress,
        };
        var fast = SignalTally.FastRiddlerOf(Entry(Progress(2)), FraudThresholds.Default);
        Assert.NotNull(fast);
        Assert.Equal((T0.AddSeconds(2), 5), (fast.First, fast.Times.Count));
        Assert.Null(SignalTally.FastRiddlerOf(Entry(Progress(12)), FraudThresholds.Default));
    }

    [Fact]
    public void A_row_keeps_each_entrant_once_and_counts_what_no_longer_fits()
    {
        var items = Enumerable.Range(0, SignalRow.MaxItems + 5).Select(i => new SignalItem($"p{i}", $"e{i}", T0.AddSeconds(i))).ToList();
        var row = SignalRow.Merge(null, new SignalCount(SignalKind.Network, "n", T0, items, 2));
        Assert.Equal((SignalRow.MaxItems + 5, SignalRow.MaxItems), (row.Count, row.Items.Count));
        var again = SignalRow.Merge(row, new SignalCount(SignalKind.Network, "n", T0, [new SignalItem("p0", "e0", T0.AddSeconds(-1))], 2));
        Assert.Equal(row.Count, again.Count);
        Assert.Equal(T0.AddSeconds(-1), again.Items[0].At); // the earliest kept
    }
}

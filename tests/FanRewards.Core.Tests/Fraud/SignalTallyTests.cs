using System.Globalization;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Entries;
using FanRewards.Core.Figures;
using FanRewards.Core.Fraud;
using Moq;

namespace FanRewards.Core.Tests.Fraud;

public sealed class SignalTallyTests
{
    private static readonly DateTimeOffset T0 = new(2027, 2, 20, 4, 0, 0, TimeSpan.Zero);

    private static EntryRecord Entry(string pseudonym, string network) => new()
    {
        CampaignId = "c", Bucket = 0, RowKey = "", ActivityId = "riddles", Kind = ActivityKind.Riddle, EntrantId = "e-" + pseudonym,
        Pseudonym = pseudonym, AcceptedAt = T0, NetworkSignal = network,
    };

    [Fact]
    public async Task Each_add_of_a_flush_holds_one_merge_group_and_is_as_full_as_the_group_allows()
    {
        // 300 networks over the store's 4 merge groups (its partitions): 300 / 4 = 75 counts a group, so two adds per
        // group (45 + 30) and 8 in all, never an add that spreads over the groups (that was 7 adds of 45 over 4
        // partitions each: 28 transactions of ~11 rows instead of 8 of up to 45).
        var adds = new List<IReadOnlyList<SignalCount>>();
        var store = new Mock<ISignalAggregateStore>();
        store.Setup(s => s.MergeGroupOf("c", It.IsAny<SignalKind>(), It.IsAny<string>()))
            .Returns((string _, SignalKind _, string subject) => $"group-{int.Parse(subject[4..], CultureInfo.InvariantCulture) % 4}");
        store.Setup(s => s.AddAsync("c", It.IsAny<FlushStamp>(), It.IsAny<IReadOnlyList<SignalCount>>(), It.IsAny<CancellationToken>()))
            .Callback((string _, FlushStamp _, IReadOnlyList<SignalCount> counts, CancellationToken _) => adds.Add(counts))
            .Returns(Task.CompletedTask);
        var tally = new SignalTally(store.Object, new FigureOptions());
        var campaign = TestCampaign.Lantern("c").Published().Build();
        for (var n = 0; n < 300; n++) tally.EntryAccepted(campaign, Entry($"p{n}", $"net-{n}"));

        await tally.FlushAsync(CancellationToken.None);

        Assert.Equal(300, adds.Sum(a => a.Count));
        Assert.All(adds, add => Assert.Single(add.Select(c => int.Parse(c.Subject[4..], CultureInfo.InvariantCulture) % 4).Distinct()));
        Assert.Equal(8, adds.Count);
    }

    [Fact]
    public async Task A_failed_add_is_sent_again_under_its_own_stamp_before_anything_newer()
    {
        // One transaction per partition: an add that failed may have landed in some. Sent again under the same stamp, those
        // partitions skip it; sent under a new one, they would count it twice.
        var sent = new List<(FlushStamp Stamp, string Subjects)>();
        var failures = 2;
        var store = new Mock<ISignalAggregateStore>();
        store.Setup(s => s.AddAsync("c", It.IsAny<FlushStamp>(), It.IsAny<IReadOnlyList<SignalCount>>(), It.IsAny<CancellationToken>()))
            .Returns((string _, FlushStamp stamp, IReadOnlyList<SignalCount> counts, CancellationToken _) =>
            {
                sent.Add((stamp, string.Join(',', counts.Select(c => c.Subject).Order(StringComparer.Ordinal))));
                return failures-- > 0 ? Task.FromException(new IOException("storage unreachable")) : Task.CompletedTask;
            });
        var tally = new SignalTally(store.Object, new FigureOptions());
        var campaign = TestCampaign.Lantern("c").Published().Build();

        tally.EntryAccepted(campaign, Entry("p1", "net-a"));
        await tally.FlushAsync(CancellationToken.None); // fails
        tally.EntryAccepted(campaign, Entry("p2", "net-b"));
        await tally.FlushAsync(CancellationToken.None); // the old add fails again: nothing newer goes out
        await tally.FlushAsync(CancellationToken.None); // the old add lands, then the newer one

        Assert.Equal(["net-a", "net-a", "net-a", "net-b"], sent.Select(s => s.Subjects));
        Assert.Single(sent.Take(3).Select(s => s.Stamp).Distinct());
        Assert.True(sent[3].Stamp.Sequence > sent[0].Stamp.Sequence);
        Assert.Equal(sent[0].Stamp.InstanceId, sent[3].Stamp.InstanceId);
    }

    [Fact]
    public async Task A_flush_stopped_by_the_host_keeps_what_it_took_for_the_last_flush()
    {
        using var stopping = new CancellationTokenSource();
        var sent = new List<(FlushStamp Stamp, string Subjects)>();
        var store = new Mock<ISignalAggregateStore>();
        store.Setup(s => s.AddAsync("c", It.IsAny<FlushStamp>(), It.IsAny<IReadOnlyList<SignalCount>>(), It.IsAny<CancellationToken>()))
            .Returns((string _, FlushStamp stamp, IReadOnlyList<SignalCount> counts, CancellationToken ct) =>
            {
                sent.Add((stamp, string.Join(',', counts.Select(c => c.Subject).Order(StringComparer.Ordinal))));
                if (sent.Count > 1) return Task.CompletedTask;
                stopping.Cancel(); // the host stops while the first add is on its way
                return Task.FromCanceled(stopping.Token);
            });
        var tally = new SignalTally(store.Object, new FigureOptions());
        tally.EntryAccepted(TestCampaign.Lantern("c").Published().Build(), Entry("p1", "net-a"));

        try
        {
            await tally.FlushAsync(stopping.Token);
        }
        catch (OperationCanceledException)
        {
            // a stop may end the flush early; what it took must not be lost
        }
        await tally.FlushAsync(CancellationToken.None); // the host's last flush

        Assert.Equal(["net-a", "net-a"], sent.Select(s => s.Subjects));
        Assert.Equal(sent[0].Stamp, sent[1].Stamp);
    }

    [Fact]
    public async Task An_add_that_can_never_land_is_dropped_after_its_resends_and_later_flushes_go_out()
    {
        var sent = new List<string>();
        var store = new Mock<ISignalAggregateStore>();
        store.Setup(s => s.AddAsync("c", It.IsAny<FlushStamp>(), It.IsAny<IReadOnlyList<SignalCount>>(), It.IsAny<CancellationToken>()))
            .Returns((string _, FlushStamp _, IReadOnlyList<SignalCount> counts, CancellationToken _) =>
            {
                var subjects = string.Join(',', counts.Select(c => c.Subject));
                sent.Add(subjects);
                return subjects == "net-a" ? Task.FromException(new IOException("never lands")) : Task.CompletedTask;
            });
        var tally = new SignalTally(store.Object, new FigureOptions());
        var campaign = TestCampaign.Lantern("c").Published().Build();
        tally.EntryAccepted(campaign, Entry("p1", "net-a"));
        await tally.FlushAsync(CancellationToken.None);
        tally.EntryAccepted(campaign, Entry("p2", "net-b"));

        for (var flush = 0; flush < SignalTally.MaxResends; flush++) await tally.FlushAsync(CancellationToken.None);

        Assert.Equal(1 + SignalTally.MaxResends, sent.Count(s => s == "net-a"));
        Assert.Equal("net-b", sent[^1]);
        Assert.Equal(1, tally.Dropped);
    }
}

using FanRewards.Core;
using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Entries;
using FanRewards.Core.Figures;
using FanRewards.Core.Fraud;
using FanRewards.Storage;
using static FanRewards.Functions.Tests.Support.DrawScenario;
using static FanRewards.Functions.Tests.Support.FraudReviews;

namespace FanRewards.Functions.Tests.Fraud;

/// <summary>
/// The fraud review's entry-time aggregates on Azurite: what a review reads does not grow with the ordinary entries,
/// instances flushing at once lose nothing, a redone flush adds nothing twice, retention erases them, a campaign with
/// entries from before them is reviewed from its entries (with the same findings), and a disqualified entrant is refused.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FraudAggregateTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_review_reads_as_much_over_20000_ordinary_entries_as_over_2000()
    {
        var small = await ReviewReadsAsync(2_000);
        var large = await ReviewReadsAsync(20_000);
        Assert.Equal(small.Reads, large.Reads);
        // campaign, figures, since, the hot marks and the riddlers of each partition, the ring's network, disqualified
        Assert.InRange(large.Reads, 1, 10 + 2 * FraudPartitions.Count);
        Assert.Equal(small.Flagged, large.Flagged);
        Assert.Equal(30, large.Flagged);
    }

    /// <summary>Ordinary entrants two per network, far apart, 20 a minute; a ring of 30 on one network within two minutes.</summary>
    private async Task<(int Reads, int Flagged)> ReviewReadsAsync(int ordinary)
    {
        var requests = new StorageRequestCounter();
        var scenario = await DrawScenario.CreateAsync(azurite, requests: requests);
        var campaign = await scenario.PublishAsync($"reads{ordinary}", draws: 1);
        var tally = new SignalTally(new TableSignalAggregateStore(scenario.Tables), new FigureOptions());
        for (var i = 0; i < ordinary; i++)
        {
            tally.EntryAccepted(campaign, Entry(campaign, $"fan-{i:D5}", $"{i % (ordinary / 2):x16}", Start.AddSeconds(i * 3)));
            if (i % 5_000 == 4_999) await tally.FlushAsync(CancellationToken.None); // as a flush every few seconds would
        }
        for (var j = 0; j < 30; j++) tally.EntryAccepted(campaign, Entry(campaign, $"ring-{j:D2}", "00000000ffffffff", Start.AddSeconds(j * 4)));
        await tally.FlushAsync(CancellationToken.None);

        requests.Reset();
        var report = await FraudReviews.Of(scenario).GetAsync(campaign.Id, CancellationToken.None);
        Assert.Equal(FraudReview.FromAggregates, report.Source);
        return (requests.Reads, report.EntrantsFlagged);
    }

    [Fact]
    public async Task Instances_flushing_at_once_lose_no_entrant_a_redone_flush_adds_nothing_twice_and_retention_erases_the_rows()
    {
        var scenario = await DrawScenario.CreateAsync(azurite);
        var campaign = await scenario.PublishAsync("tallies", draws: 1);
        var instances = Enumerable.Range(0, 3).Select(_ => new SignalTally(new TableSignalAggregateStore(scenario.Tables), new FigureOptions())).ToList();
        for (var round = 0; round < 3; round++)
        {
            for (var k = 0; k < instances.Count; k++)
            {
                for (var j = 0; j < 10; j++)
                    instances[k].EntryAccepted(campaign, Entry(campaign, $"e-{round}-{k}-{j}", "00000000000000bb", Start.AddSeconds(j)));
            }
            await Task.WhenAll(instances.Select(t => t.FlushAsync(CancellationToken.None)));
        }
        var store = new TableSignalAggregateStore(scenario.Tables);
        var row = Assert.Single(await store.ReadSubjectAsync(campaign.Id, SignalKind.Network, "00000000000000bb", CancellationToken.None));
        Assert.Equal((90, 90), (row.Count, row.Items.Select(i => i.Pseudonym).Distinct().Count()));
        Assert.Contains((SignalKind.Network, "00000000000000bb"), await store.ListHotAsync(campaign.Id, CancellationToken.None));

        // Past the row's list, items are only counted: a flush whose answer was lost, sent again, counts them once.
        var extra = Enumerable.Range(0, 20).Select(j => new SignalItem($"extra-{j}", "", Start)).ToList();
        var count = new SignalCount(SignalKind.Network, "00000000000000bb", SignalTally.MinuteOf(Start), extra, 2);
        var stamp = new FlushStamp("lost-answer", 1);
        await store.AddAsync(campaign.Id, stamp, [count], CancellationToken.None);
        await new TableSignalAggregateStore(scenario.Tables).AddAsync(campaign.Id, stamp, [count], CancellationToken.None);
        row = Assert.Single(await store.ReadSubjectAsync(campaign.Id, SignalKind.Network, "00000000000000bb", CancellationToken.None));
        Assert.Equal((110, SignalRow.MaxItems), (row.Count, row.Items.Count));

        var personalData = new TablePersonalDataStore(scenario.Tables);
        Assert.True(await personalData.EraseFraudSignalsAsync(campaign.Id, CancellationToken.None) > 0);
        Assert.Equal(0, await personalData.EraseFraudSignalsAsync(campaign.Id, CancellationToken.None)); // run again: nothing left
        Assert.Empty(await store.ListHotAsync(campaign.Id, CancellationToken.None));
        Assert.Empty(await store.ReadSubjectAsync(campaign.Id, SignalKind.Network, "00000000000000bb", CancellationToken.None));
    }

    [Fact]
    public async Task Entries_from_before_the_aggregates_are_reviewed_from_the_entries_with_the_same_findings()
    {
        var (_, fromEntries, fromAggregates) = await RingReviewedBothWaysAsync("older");
        Assert.Equal((FraudReview.FromEntries, 50), (fromEntries.Source, fromEntries.EntriesRead));
        Assert.Equal(FraudReview.FromAggregates, fromAggregates.Source);
        Assert.Equal(2, fromAggregates.Clusters.Count); // a network burst and similar texts
        Assert.Equal(Shape(fromEntries), Shape(fromAggregates));
    }

    [Fact]
    public async Task A_campaigns_aggregate_rows_spread_over_partitions_and_the_review_finds_what_a_read_of_every_entry_finds()
    {
        var (scenario, fromEntries, fromAggregates) = await RingReviewedBothWaysAsync("spread");
        var partitions = (await FraudRowsAsync(scenario, "spread")).Select(r => r.PartitionKey).ToHashSet(StringComparer.Ordinal);
        Assert.True(partitions.Count > 1, $"one campaign's aggregates in {partitions.Count} partition(s)");
        Assert.All(partitions, p => Assert.Contains(p, FraudPartitions.All("spread")));
        Assert.Equal((FraudReview.FromAggregates, 2), (fromAggregates.Source, fromAggregates.Clusters.Count));
        Assert.Equal(Shape(fromEntries), Shape(fromAggregates));

        Assert.True(await new TablePersonalDataStore(scenario.Tables).EraseFraudSignalsAsync("spread", CancellationToken.None) > 0);
        Assert.Empty(await FraudRowsAsync(scenario, "spread"));
    }

    /// <summary>Every row of the campaign's fraud partitions (a test's small campaign: one query over the key range).</summary>
    private static async Task<List<Azure.Data.Tables.TableEntity>> FraudRowsAsync(DrawScenario scenario, string campaignId)
    {
        var rows = new List<Azure.Data.Tables.TableEntity>();
        await foreach (var row in scenario.Tables.CampaignState.QueryAsync<Azure.Data.Tables.TableEntity>(
                           Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey ge {campaignId + ":fraud:"} and PartitionKey lt {campaignId + ":fraud;"}")))
        {
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>
    /// 25 entrants of one network answering and writing the same text within two minutes; reviewed first from the entries
    /// (the figures know of entries the aggregates have not folded, as for a campaign older than them, on an instance
    /// that took none), then from the aggregates once the instance's tally is flushed.
    /// </summary>
    private async Task<(DrawScenario Scenario, SuspiciousReport FromEntries, SuspiciousReport FromAggregates)> RingReviewedBothWaysAsync(string campaignId)
    {
        var scenario = await DrawScenario.CreateAsync(azurite);
        var campaign = await scenario.PublishAsync(campaignId, draws: 1, c => c.WithMessageActivity("words", TestCampaign.ByDraw(), maxLength: 100, moderated: false));
        for (var i = 0; i < 25; i++)
        {
            scenario.Clock.Now = Start.AddSeconds(i * 5);
            var entrant = EntrantOn($"ring-{i:D2}", $"203.0.113.{i + 1}", "WeChat/Android");
            await scenario.Entries.AnswerRiddleAsync(campaign.Id, "r1", entrant, "告", CancellationToken.None);
            await scenario.Entries.LeaveMessageAsync(campaign.Id, "words", entrant, "我支持劳模评选活动，大家快来参加吧！", CancellationToken.None);
        }
        await scenario.Figures.FlushAsync(CancellationToken.None);
        var elsewhere = new SignalTally(new TableSignalAggregateStore(scenario.Tables), new FigureOptions());
        var fromEntries = await FraudReviews.Of(scenario, elsewhere).GetAsync(campaign.Id, CancellationToken.None);
        var fromAggregates = await FraudReviews.Of(scenario).GetAsync(campaign.Id, CancellationToken.None); // flushes the instance's tally
        return (scenario, fromEntries, fromAggregates);
    }

    private static List<string> Shape(SuspiciousReport report) =>
        report.Clusters.Select(c => $"{c.Id} {c.Kind} {string.Join(',', c.Entrants.Select(e => e.Pseudonym + e.At.UtcTicks))} {c.Evidence.Detail}").ToList();

    [Fact]
    public async Task A_disqualified_entrant_is_refused_when_entering_or_liking_again()
    {
        var scenario = await DrawScenario.CreateAsync(azurite);
        var campaign = await scenario.PublishAsync("refused", draws: 1, c => c.WithLikeActivity("likes", TestCampaign.ByDraw()).WithCandidate("c1", "劳模"));
        var cheat = new Entrant("cheat-01", false);
        var honest = new Entrant("honest-01", false);
        await scenario.Entries.AnswerRiddleAsync(campaign.Id, "r1", cheat, "告", CancellationToken.None);
        await scenario.Disqualifications.DisqualifyAsync(campaign.Id, cheat.Id, "多账号", Moderator, CancellationToken.None);
        // The entry path's copy of the list is at most this old.
        scenario.Clock.Advance(AwardService.DisqualifiedFreshFor + TimeSpan.FromSeconds(1));

        foreach (var attempt in new Func<Task>[]
                 {
                     () => scenario.Entries.AnswerRiddleAsync(campaign.Id, "r2", cheat, "重", CancellationToken.None),
                     () => scenario.Entries.LikeAsync(campaign.Id, "c1", cheat, CancellationToken.None),
                 })
        {
            var refused = await Assert.ThrowsAsync<ProblemException>(attempt);
            Assert.Equal((403, Problem.TypePrefix + "entrant-disqualified"), (refused.Problem.Status, refused.Problem.Type));
        }
        Assert.True((await scenario.Entries.LikeAsync(campaign.Id, "c1", honest, CancellationToken.None)).Counted);
        var mine = await scenario.Entries.GetMineAsync(campaign.Id, cheat, CancellationToken.None); // reading one's own entries stays open
        Assert.NotNull(mine);
    }

    private static EntryRecord Entry(Campaign campaign, string entrantId, string network, DateTimeOffset at) => new()
    {
        CampaignId = campaign.Id, Bucket = 0, RowKey = "", ActivityId = "r1", Kind = ActivityKind.Riddle, EntrantId = entrantId,
        Pseudonym = campaign.PseudonymOf(entrantId), AcceptedAt = at, NetworkSignal = network,
    };
}

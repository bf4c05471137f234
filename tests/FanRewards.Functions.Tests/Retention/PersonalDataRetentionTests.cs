using Azure.Data.Tables;
using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Draws;
using FanRewards.Core.Entries;
using FanRewards.Core.Fairness;
using FanRewards.Core.Retention;
using FanRewards.Storage;

namespace FanRewards.Functions.Tests.Retention;

/// <summary>
/// After a campaign's retention period its entrants' ids, messages and sign-up fields are gone from every table where
/// they sat beside a pseudonym, the draw still verifies from what stays, and the erasure survives a crash half-way and
/// a second delivery. Driven by the due index, as the timer drives it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PersonalDataRetentionTests(AzuriteFixture azurite)
{
    private const string Message = "祝职工朋友元宵快乐！—— 张伟 13800138000";

    [Fact]
    public async Task After_the_retention_period_ids_texts_and_fields_go_the_draw_still_verifies_and_a_second_sweep_changes_nothing()
    {
        var (scenario, campaign) = await DrawnCampaignAsync("keep");
        var retention = Retention(scenario, new TablePersonalDataStore(scenario.Tables));
        var proofBefore = await scenario.ProofAsync(campaign.Id, "evening");
        var dueAt = PersonalDataRetention.DueAt(campaign)!.Value;

        // Not yet: the day before, nothing changes.
        scenario.Clock.Now = dueAt.AddDays(-1);
        Assert.Equal(0, await retention.SweepAsync(CancellationToken.None));
        Assert.Contains(await RowsAsync(scenario.Tables.Entries, campaign), r => r.GetString("EntrantId") is { Length: > 0 });
        Assert.Contains(await RowsAsync(scenario.Tables.Entries, campaign), r => r.ContainsKey(TableEntryStore.NetworkColumn) && r.ContainsKey(TableEntryStore.AgentColumn));
        // Where the ids sat before (so that the checks after mean something).
        Assert.All(await RowsAsync(scenario.Tables.DrawResults, $"{campaign.Id}:evening"), r => Assert.True(r.ContainsKey("EntrantId")));
        Assert.Contains((await scenario.Draws.ListShardResultsAsync(campaign.Id, "evening", campaign.EntryBuckets, includeTop: true, DrawPhase.Seal, CancellationToken.None))
            .SelectMany(s => s.Top), e => e.EntrantId is not null);
        Assert.Contains(await RowsAsync(scenario.Tables.Awards, campaign.Id), r => r.GetString("Data")?.Contains("entrantId") == true);
        Assert.Contains(await RowsAsync(scenario.Tables.CampaignState, $"{campaign.Id}:seats:museum"), r => r.RowKey.StartsWith("holder:", StringComparison.Ordinal));

        await SettleClaimsAsync(scenario, dueAt);
        scenario.Clock.Now = dueAt.AddMinutes(1);
        Assert.Equal(1, await retention.SweepAsync(CancellationToken.None));

        await AssertErasedAsync(scenario, campaign);
        await AssertStillVerifiesAsync(scenario, campaign, proofBefore);
        var mine = await scenario.Entries.GetMineAsync(campaign.Id, new Entrant("fan-001", false), CancellationToken.None);
        Assert.True(mine.PersonalDataDeleted);
        Assert.Equal(campaign.PseudonymOf("fan-001"), mine.Pseudonym);

        // Done once: the mark is gone, and a mark written again (a backfill, a redelivery) costs a look, not a scan.
        Assert.Equal(0, await retention.SweepAsync(CancellationToken.None));
        await scenario.Due.MarkAsync([PersonalDataRetention.MarkOf(campaign)!], CancellationToken.None);
        Assert.Equal(0, await retention.SweepAsync(CancellationToken.None));
        Assert.Empty(await scenario.Due.ListDueAsync(Core.Due.DueKinds.Retention, CancellationToken.None));
    }

    [Fact]
    public async Task A_sweep_that_dies_half_way_leaves_its_mark_and_the_next_one_finishes()
    {
        var (scenario, campaign) = await DrawnCampaignAsync("crash");
        var dueAt = PersonalDataRetention.DueAt(campaign)!.Value;
        await SettleClaimsAsync(scenario, dueAt);
        scenario.Clock.Now = dueAt.AddMinutes(1);
        var crashing = new CrashBeforeAwards(new TablePersonalDataStore(scenario.Tables));

        await Assert.ThrowsAsync<AggregateException>(() => Retention(scenario, crashing).SweepAsync(CancellationToken.None));
        // Entries and draws erased already, awards not; no record of a finished erasure, and the mark is still there.
        Assert.All(await RowsAsync(scenario.Tables.Entries, campaign), r => Assert.Equal("", r.GetString("EntrantId")));
        Assert.Null(await crashing.FindErasedAsync(campaign.Id, CancellationToken.None));
        Assert.Single(await scenario.Due.ListDueAsync(Core.Due.DueKinds.Retention, CancellationToken.None));

        // The next sweep, and one delivered twice at once, finish it.
        var results = await Task.WhenAll(Retention(scenario, crashing).SweepAsync(CancellationToken.None),
            Retention(scenario, new TablePersonalDataStore(scenario.Tables)).SweepAsync(CancellationToken.None));
        Assert.InRange(results.Sum(), 1, 2);
        await AssertErasedAsync(scenario, campaign);
    }

    [Fact]
    public async Task A_draw_not_drawn_yet_keeps_the_entrant_ids_it_needs_past_the_period()
    {
        var scenario = await DrawScenario.CreateAsync(azurite);
        var campaign = await scenario.PublishAsync("waiting", draws: 1);
        await scenario.EnterAsync(campaign, 10);
        var retention = Retention(scenario, new TablePersonalDataStore(scenario.Tables));

        // Past the period, but the draw never ran (witnesses who never revealed, say): nothing is erased yet.
        scenario.Clock.Now = PersonalDataRetention.DueAt(campaign)!.Value.AddMinutes(1);
        Assert.Equal(0, await retention.SweepAsync(CancellationToken.None));

        Assert.All(await RowsAsync(scenario.Tables.Entries, campaign), r => Assert.NotEqual("", r.GetString("EntrantId")));
        Assert.Null(await new TablePersonalDataStore(scenario.Tables).FindErasedAsync("waiting", CancellationToken.None));
    }

    private static PersonalDataRetention Retention(DrawScenario scenario, IPersonalDataStore store) =>
        new(scenario.Campaigns, scenario.Awards, scenario.Draws, store, scenario.Due);

    /// <summary>A riddle campaign with messages and sign-ups in its draw, 30 entrants, one disqualified, drawn.</summary>
    private async Task<(DrawScenario, Campaign)> DrawnCampaignAsync(string id)
    {
        var scenario = await DrawScenario.CreateAsync(azurite);
        var campaign = await scenario.PublishAsync(id, draws: 1, c => c
            .WithMessageActivity("wishes", TestCampaign.ByDraw(), moderated: false)
            .WithSignupActivity("museum", TestCampaign.ByDraw(), seats: 10,
                [new SignupFieldDefinition { Id = "size", Label = "T恤尺码", Options = ["s", "m", "l"], Required = true }]));
        await scenario.EnterAsync(campaign, 30);
        for (var i = 0; i < 12; i++)
        {
            // Through the gate: with the network and user-agent family the entry keeps as fraud-review signals.
            var entrant = new Entrant($"fan-{i:D3}", false) { Client = new ClientTraits("203.0.113.0/24", "WeChat/Android") };
            await scenario.Entries.LeaveMessageAsync(id, "wishes", entrant, Message, CancellationToken.None);
            await scenario.Entries.SignUpAsync(id, "museum", entrant, new Dictionary<string, string> { ["size"] = "m" }, CancellationToken.None);
        }
        await scenario.Disqualified.TryAddAsync(new Disqualification(id, "fan-029", campaign.PseudonymOf("fan-029"), "重复账号", new Core.Admins.AdminRef(null, "admin"), scenario.Clock.Now),
            CancellationToken.None);
        scenario.Clock.Now = DrawScenario.Start.AddHours(8).AddMinutes(1);
        await scenario.Service.TickAsync(CancellationToken.None);
        await scenario.Queue.DeliverAllAsync(scenario.Service);
        return (scenario, await scenario.CampaignAsync(id));
    }

    /// <summary>The claim sweeps up to the retention time: unclaimed prizes pass on until no alternate is left waiting.</summary>
    private static async Task SettleClaimsAsync(DrawScenario scenario, DateTimeOffset until)
    {
        for (var at = DrawScenario.Start.AddDays(21); at < until; at += new ClaimOptions().AlternateClaimWindow + TimeSpan.FromMinutes(1))
        {
            scenario.Clock.Now = at;
            await scenario.Claims.SweepAsync(CancellationToken.None);
        }
    }

    private static async Task AssertErasedAsync(DrawScenario scenario, Campaign campaign)
    {
        var entries = await RowsAsync(scenario.Tables.Entries, campaign);
        Assert.True(entries.Count > 30);
        Assert.All(entries, r =>
        {
            Assert.Equal("", r.GetString("EntrantId"));
            Assert.False(r.ContainsKey("Text"));
            Assert.False(r.ContainsKey("Fields"));
            Assert.False(r.ContainsKey(TableEntryStore.NetworkColumn));
            Assert.False(r.ContainsKey(TableEntryStore.AgentColumn));
            Assert.StartsWith(r.GetString("ActivityId") + ":" + r.GetString("Pseudonym"), r.RowKey);
        });
        var ranking = await RowsAsync(scenario.Tables.DrawResults, $"{campaign.Id}:evening");
        Assert.NotEmpty(ranking);
        Assert.All(ranking, r => Assert.False(r.ContainsKey("EntrantId")));
        var shards = await scenario.Draws.ListShardResultsAsync(campaign.Id, "evening", campaign.EntryBuckets, includeTop: true, DrawPhase.Seal, CancellationToken.None);
        Assert.NotEmpty(shards.SelectMany(s => s.Top));
        Assert.All(shards.SelectMany(s => s.Top), e => Assert.Null(e.EntrantId));
        var disqualified = Assert.Single(await scenario.Disqualified.ListAsync(campaign.Id, CancellationToken.None));
        Assert.Equal(("", campaign.PseudonymOf("fan-029"), "重复账号"), (disqualified.EntrantId, disqualified.Pseudonym, disqualified.Reason));
        var awards = await RowsAsync(scenario.Tables.Awards, campaign.Id);
        Assert.Contains(awards, r => r.RowKey.StartsWith("award:", StringComparison.Ordinal));
        Assert.All(awards.Where(r => r.RowKey.StartsWith("award:", StringComparison.Ordinal)), r => Assert.Equal("", r.GetString("EntrantId")));
        Assert.All(awards.Where(r => r.RowKey.StartsWith("outbox:", StringComparison.Ordinal)),
            r => Assert.DoesNotContain("ntrantId", r.GetString("Data") ?? ""));
        var seats = await RowsAsync(scenario.Tables.CampaignState, $"{campaign.Id}:seats:museum");
        Assert.NotEmpty(seats);
        Assert.All(seats, r => Assert.True(r.RowKey.StartsWith("seat:", StringComparison.Ordinal) && !r.ContainsKey("EntrantId")));
        Assert.DoesNotContain(Message, string.Join("|", entries.SelectMany(r => r.Select(p => p.Value?.ToString()))));
    }

    /// <summary>The proof published after retention is the one before, and a verifier's recomputation from the entry set agrees.</summary>
    private static async Task AssertStillVerifiesAsync(DrawScenario scenario, Campaign campaign, DrawProof before)
    {
        // Read as a new instance would: no snapshot from before the erasure.
        var fresh = new PublishedDrawResults(new TableDrawStore(scenario.Tables), scenario.Clock, new Core.PublicReadOptions(), scenario.Awards,
            scenario.Contacts, new AwardChanges());
        var proof = (await fresh.GetProofAsync(campaign, "evening", CancellationToken.None)).Value;
        var entrySet = new List<DrawEntry>();
        string? after = null;
        do
        {
            var page = (await fresh.GetEntryPageAsync(campaign, "evening", after, 50, CancellationToken.None)).Value;
            entrySet.AddRange(page.Entries);
            after = page.Next;
        }
        while (after is not null);
        Assert.Equal(before.EntrySetDigest, proof.EntrySetDigest);
        Assert.Equal(EntrySetDigest.Of(entrySet.Select(e => (e.Pseudonym, e.Weight))), proof.EntrySetDigest);
        Assert.Equal(before.Ranking, proof.Ranking);
        Assert.Equal(DrawRanking.Rank(Convert.FromHexString(proof.Seed!), campaign.Id, "evening", entrySet, proof.Tiers, proof.Alternates), proof.Ranking);
        Assert.Equal(proof.Commitment, DrawScoring.Commitment(Convert.FromHexString(proof.Seed!)));
    }

    /// <summary>Every row of the campaign's partitions "{campaignId}:…" (the entries' buckets).</summary>
    private static Task<List<TableEntity>> RowsAsync(TableClient table, Campaign campaign) =>
        QueryAsync(table, TableClient.CreateQueryFilter($"PartitionKey ge {campaign.Id + ":"} and PartitionKey lt {campaign.Id + ";"}"));

    private static Task<List<TableEntity>> RowsAsync(TableClient table, string partition) =>
        QueryAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {partition}"));

    private static async Task<List<TableEntity>> QueryAsync(TableClient table, string filter)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter)) rows.Add(row);
        return rows;
    }

    /// <summary>Dies the first time it reaches the awards: the crash half-way through a campaign's erasure.</summary>
    private sealed class CrashBeforeAwards(IPersonalDataStore inner) : IPersonalDataStore
    {
        private int _crashes;

        public Task<DateTimeOffset?> FindErasedAsync(string campaignId, CancellationToken ct) => inner.FindErasedAsync(campaignId, ct);
        public Task MarkErasedAsync(string campaignId, DateTimeOffset at, CancellationToken ct) => inner.MarkErasedAsync(campaignId, at, ct);
        public Task<int> EraseEntriesAsync(string campaignId, int buckets, CancellationToken ct) => inner.EraseEntriesAsync(campaignId, buckets, ct);
        public Task<int> EraseDrawAsync(string campaignId, string drawId, int shards, CancellationToken ct) => inner.EraseDrawAsync(campaignId, drawId, shards, ct);
        public Task<int> EraseDisqualificationsAsync(string campaignId, CancellationToken ct) => inner.EraseDisqualificationsAsync(campaignId, ct);
        public Task<int> EraseFraudSignalsAsync(string campaignId, CancellationToken ct) => inner.EraseFraudSignalsAsync(campaignId, ct);
        public Task<int> EraseSeatsAsync(string campaignId, IEnumerable<string> activityIds, CancellationToken ct) =>
            inner.EraseSeatsAsync(campaignId, activityIds, ct);

        public Task<int> EraseAwardsAsync(string campaignId, CancellationToken ct) =>
            Interlocked.Increment(ref _crashes) == 1 ? throw new IOException("The instance died.") : inner.EraseAwardsAsync(campaignId, ct);
    }
}

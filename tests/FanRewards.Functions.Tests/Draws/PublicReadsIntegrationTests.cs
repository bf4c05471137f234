using Azure.Core;
using Azure.Data.Tables;
using FanRewards.Core;
using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Draws;
using FanRewards.Core.Entries;
using FanRewards.Storage;

namespace FanRewards.Functions.Tests.Draws;

/// <summary>
/// Public reads of a drawn campaign on Azurite, counted: each instance builds winners and proofs once per change and
/// shares the build, and a claim or a pass made on another instance shows within the documented max-age.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PublicReadsIntegrationTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string CampaignId = "reads";
    private static readonly PublicReadOptions Options = new();
    private DrawScenario _s = null!;
    private Campaign _campaign = null!;

    public async Task InitializeAsync()
    {
        _s = await DrawScenario.CreateAsync(azurite);
        await _s.PublishAsync(CampaignId, draws: 1);
        await _s.EnterAsync(await _s.CampaignAsync(CampaignId), 60);
        _s.Clock.Now = DrawScenario.Start.AddHours(8).AddMinutes(1);
        await _s.Service.TickAsync(CancellationToken.None);
        await _s.Queue.DeliverAllAsync(_s.Service);
        _campaign = await _s.CampaignAsync(CampaignId);
        Assert.Equal("drawn", (await _s.ProofAsync(CampaignId, "evening")).State);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Five_hundred_concurrent_winners_requests_cost_the_storage_reads_of_one_build()
    {
        var one = Instance();
        var alone = await one.Results.GetWinnersAsync(_campaign, CancellationToken.None);
        var readsOfOneBuild = one.Requests.Reads;
        Assert.InRange(readsOfOneBuild, 1, 5); // draw, awards version, ranking, awards, contacts: not one per request

        var busy = Instance();
        var answers = await Task.WhenAll(Enumerable.Range(0, 500).Select(_ =>
            Task.Run(() => busy.Results.GetWinnersAsync(_campaign, CancellationToken.None))));

        Assert.Equal(readsOfOneBuild, busy.Requests.Reads);
        Assert.Equal(0, busy.Requests.Writes);
        Assert.All(answers, a => Assert.Same(answers[0].Value, a.Value)); // one snapshot, served to everyone
        Assert.Equal(Json(alone.Value), Json(answers[0].Value));
        Assert.Equal(Options.WinnersMaxAge, answers[0].MaxAge);

        // Later requests within the max-age read nothing at all.
        await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => busy.Results.GetWinnersAsync(_campaign, CancellationToken.None)));
        await busy.Results.GetProofAsync(_campaign, "evening", CancellationToken.None);
        var afterProof = busy.Requests.Reads;
        await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => busy.Results.GetProofAsync(_campaign, "evening", CancellationToken.None)));
        Assert.Equal(afterProof, busy.Requests.Reads);
        Assert.Equal(readsOfOneBuild, afterProof); // the proof shares the draw, the ranking and the awards the winners read
    }

    [Fact]
    public async Task With_nothing_changed_an_instance_rechecks_by_one_point_read_per_max_age_and_keeps_its_snapshot()
    {
        var reader = Instance();
        var first = await reader.Results.GetWinnersAsync(_campaign, CancellationToken.None);
        reader.Requests.Reset();

        reader.Clock.Now += Options.WinnersMaxAge;
        var later = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => reader.Results.GetWinnersAsync(_campaign, CancellationToken.None)));

        Assert.Equal(1, reader.Requests.Reads); // the awards version, once
        Assert.All(later, a => Assert.Same(first.Value, a.Value));
    }

    [Fact]
    public async Task A_pass_to_an_alternate_made_on_another_instance_shows_within_the_winners_max_age()
    {
        var reader = Instance();
        var before = Holders(await reader.Results.GetWinnersAsync(_campaign, CancellationToken.None));
        var winner = (await _s.Awards.ListAsync(CampaignId, CancellationToken.None)).Where(a => a.PrizeId == "pass").OrderBy(a => a.Rank).First();
        Assert.Contains(winner.Rank!.Value, before);

        // The scenario's own services are the other instance: the winner declines there and the prize passes on.
        var successor = await _s.Claims.DeclineAsync(CampaignId, new Entrant(winner.EntrantId, false), CancellationToken.None);
        Assert.Equal(AwardedBy.DrawAlternate, successor.Mode);

        reader.Requests.Reset();
        Assert.Equal(before, Holders(await reader.Results.GetWinnersAsync(_campaign, CancellationToken.None))); // its snapshot, no read
        Assert.Equal(0, reader.Requests.Reads);

        var start = reader.Clock.Now;
        await Poll.UntilAsync(async () =>
        {
            reader.Clock.Now += TimeSpan.FromSeconds(1);
            return !Holders(await reader.Results.GetWinnersAsync(_campaign, CancellationToken.None)).Contains(winner.Rank!.Value);
        }, TimeSpan.FromSeconds(30), "the pass to show on the other instance");

        Assert.InRange(reader.Clock.Now - start, TimeSpan.FromSeconds(1), Options.WinnersMaxAge);
        var shown = (await reader.Results.GetWinnersAsync(_campaign, CancellationToken.None)).Value.Single().Tiers.Single(t => t.PrizeId == "pass");
        Assert.Contains(shown.Winners, w => w.PassedFromRank == winner.Rank);
        var proof = (await reader.Results.GetProofAsync(_campaign, "evening", CancellationToken.None)).Value;
        Assert.Equal(winner.AwardId, Assert.Single(proof.Passes).FromAwardId);
    }

    [Fact]
    public async Task A_claim_on_this_instance_shows_at_once_and_a_response_built_before_it_is_not_served_again()
    {
        var before = await _s.Results.GetWinnersAsync(_campaign, CancellationToken.None);
        var winner = (await _s.Awards.ListAsync(CampaignId, CancellationToken.None)).First(a => a.PrizeId == "pass");

        await _s.Claims.ClaimAsync(CampaignId, new Entrant(winner.EntrantId, false), new ClaimRequest("张三丰", "13800138000", "陕西省西安市雁塔区某路1号"),
            CancellationToken.None);
        var after = await _s.Results.GetWinnersAsync(_campaign, CancellationToken.None); // the clock has not moved

        Assert.NotSame(before.Value, after.Value);
        var claimed = after.Value.Single().Tiers.Single(t => t.PrizeId == "pass").Winners.Single(w => w.Rank == winner.Rank);
        Assert.Equal(("张*", "138****8000", AwardStatus.Claimed), (claimed.Name, claimed.Phone, claimed.Status));
    }

    [Fact]
    public async Task A_second_evening_drawn_later_shows_within_the_campaign_max_age_with_its_awards()
    {
        _s.Clock.Now = DrawScenario.Start; // InitializeAsync drew its own campaign; this one opens now
        var campaign = await _s.PublishAsync("reads-two", draws: 2);
        await _s.EnterAsync(campaign, 40);
        _s.Clock.Now = DrawScenario.Start.AddHours(8).AddMinutes(1);
        await _s.Service.TickAsync(CancellationToken.None);
        await _s.Queue.DeliverAllAsync(_s.Service);
        var reader = Instance();
        Assert.Equal(["evening"], (await reader.Results.GetWinnersAsync(campaign, CancellationToken.None)).Value.Select(w => w.DrawId));

        _s.Clock.Now = DrawScenario.Start.AddDays(1).AddHours(8).AddMinutes(1);
        await _s.Service.TickAsync(CancellationToken.None);
        await _s.Queue.DeliverAllAsync(_s.Service);
        reader.Clock.Now += Options.CampaignMaxAge;
        var winners = (await reader.Results.GetWinnersAsync(campaign, CancellationToken.None)).Value;

        Assert.Equal(["evening", "evening-2"], winners.Select(w => w.DrawId));
        // Its holders come from its awards (with their status), listed after it was drawn, not from an older list.
        Assert.All(winners[1].Tiers.SelectMany(t => t.Winners), w => Assert.Equal(AwardStatus.Awarded, w.Status));
    }

    [Fact]
    public async Task Paging_a_drawn_entry_set_reads_each_shard_once_and_then_nothing()
    {
        var reader = Instance();
        var first = await PageThroughAsync(reader.Results);
        var readsOfFirst = reader.Requests.Reads;
        reader.Requests.Reset();

        var second = await PageThroughAsync(reader.Results);

        Assert.Equal(first, second);
        Assert.Equal(0, reader.Requests.Reads);
        // 16 shards: a done marker and one query of chunk bounds each, the chunks, the draw: not per page.
        Assert.InRange(readsOfFirst, 1, 16 * 3 + 1);
    }

    private async Task<List<DrawEntry>> PageThroughAsync(PublishedDrawResults results)
    {
        var all = new List<DrawEntry>();
        string? after = null;
        do
        {
            var page = await results.GetEntryPageAsync(_campaign, "evening", after, 5, CancellationToken.None);
            Assert.True(page.Immutable);
            all.AddRange(page.Value.Entries);
            after = page.Value.Next;
        } while (after is not null);
        return all;
    }

    /// <summary>Another instance over the same tables: its own storage clients (counted), clock and snapshots.</summary>
    private Reader Instance()
    {
        var requests = new StorageRequestCounter();
        var options = new TableClientOptions();
        options.AddPolicy(requests, HttpPipelinePosition.PerCall);
        var tables = new StorageTables(new TableServiceClient(azurite.ConnectionString, options), _s.TablePrefix);
        var clock = new ManualClock(_s.Clock.Now);
        var changes = new AwardChanges();
        var results = new PublishedDrawResults(new TableDrawStore(tables), clock, Options, new TableAwardStore(tables, changes),
            new TableClaimContactStore(tables), changes);
        return new Reader(results, requests, clock);
    }

    private static List<int> Holders(PublicRead<IReadOnlyList<DrawWinners>> winners) =>
        winners.Value.Single().Tiers.SelectMany(t => t.Winners).Select(w => w.Rank).Order().ToList();

    private static string Json(object value) => System.Text.Json.JsonSerializer.Serialize(value, Core.Json.FanRewardsJson.Options);

    private sealed record Reader(PublishedDrawResults Results, StorageRequestCounter Requests, ManualClock Clock);
}

using FanRewards.Core;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Draws;
using FanRewards.Core.Entries;
using FanRewards.Core.Fairness;
using FanRewards.Storage;

namespace FanRewards.Functions.Tests.Draws;

/// <summary>
/// The draw against real Table Storage (Azurite), its queue steps delivered by hand so that a test can deliver one
/// twice, drop one (a crash), or run two triggers at once, and check that the draw still ends in one result.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DrawIntegrationTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = DrawScenario.Start;
    private DrawScenario _scenario = null!;
    private ManualClock _clock = null!;
    private DrawScenario.RecordingQueue _queue = null!;
    private TableDrawStore _draws = null!;
    private TableDisqualificationStore _disqualified = null!;
    private DrawRunner _service = null!;

    public async Task InitializeAsync()
    {
        _scenario = await DrawScenario.CreateAsync(azurite);
        (_clock, _queue, _draws, _disqualified, _service) = (_scenario.Clock, _scenario.Queue, _scenario.Draws, _scenario.Disqualified, _scenario.Service);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_scheduled_draw_ranks_the_eligible_entries_exactly_as_a_verifier_recomputes_them()
    {
        var campaign = await _scenario.PublishAsync("verify", draws: 1);
        var weights = await _scenario.EnterAsync(campaign, 120);
        _clock.Now = Start.AddHours(8).AddMinutes(1); // past 20:00 in Shanghai

        Assert.Equal(1, await _service.TickAsync(CancellationToken.None));
        await _queue.DeliverAllAsync(_service);

        var proof = await _scenario.ProofAsync("verify", "evening");
        Assert.Equal("drawn", proof.State);
        var seed = Convert.FromHexString(proof.Seed!);
        Assert.Equal(proof.Commitment, DrawScoring.Commitment(seed));
        Assert.Equal(campaign.DrawCommitments["evening"], proof.Commitment); // the one published with the campaign

        var entrySet = await _scenario.ReadWholeEntrySetAsync("verify", "evening");
        var eligible = weights.Where(w => w.Value > 0).ToDictionary(w => campaign.PseudonymOf(w.Key), w => w.Value);
        Assert.Equal(eligible.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new DrawEntry(e.Key, e.Value)), entrySet);
        Assert.Equal(EntrySetDigest.Of(entrySet.Select(e => (e.Pseudonym, e.Weight))), proof.EntrySetDigest);
        Assert.Equal(entrySet.Count, proof.EntryCount);

        var recomputed = DrawRanking.Rank(seed, "verify", "evening", entrySet, proof.Tiers, proof.Alternates);
        Assert.Equal(recomputed, proof.Ranking);
        Assert.Equal([("pass", 3), ("ticket", 2)], proof.Tiers.Select(t => (t.PrizeId, t.Count)));
        Assert.Equal(["pass", "pass", "pass", "ticket", "ticket", null, null, null, null], proof.Ranking.Select(r => r.PrizeId));
        Assert.Equal(CampaignLifecycle.Drawn, (await _scenario.CampaignAsync("verify")).Lifecycle);
    }

    [Fact]
    public async Task Every_step_delivered_twice_still_gives_one_result()
    {
        await _scenario.PublishAsync("twice", draws: 1);
        await _scenario.EnterAsync(await _scenario.CampaignAsync("twice"), 60);
        _clock.Now = Start.AddHours(8).AddMinutes(1);
        await _service.TickAsync(CancellationToken.None);

        await _queue.DeliverAllAsync(_service, deliverEachTimes: 2);
        var first = await _scenario.ProofAsync("twice", "evening");
        // And once more, late: a redelivered start and merge after the draw is over change nothing.
        await _service.StartAsync(new DrawStep("twice", "evening"), CancellationToken.None);
        await _service.MergeAsync(new DrawStep("twice", "evening"), CancellationToken.None);
        await _queue.DeliverAllAsync(_service);

        var second = await _scenario.ProofAsync("twice", "evening");
        Assert.Equal(first.Ranking, second.Ranking);
        Assert.Equal(first.EntrySetDigest, second.EntrySetDigest);
        Assert.Equal(first.Ranking.Count, (await _draws.ReadRankingAsync("twice", "evening", CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_draw_that_died_between_fan_out_and_merge_is_resumed_by_the_timer_and_ends_the_same()
    {
        await _scenario.PublishAsync("crash", draws: 1);
        await _scenario.EnterAsync(await _scenario.CampaignAsync("crash"), 60);
        _clock.Now = Start.AddHours(8).AddMinutes(1);
        await _service.TickAsync(CancellationToken.None);

        await _queue.DeliverAllAsync(_service, drop: step => step.Queue == "merge"); // the merge message is lost
        var stuck = await _draws.FindAsync("crash", "evening", CancellationToken.None);
        // The merge both seals (digest) and, the draw's time having come, draws: lost, the draw is still sealing.
        Assert.Equal(DrawState.Sealing, stuck!.State);
        Assert.Null((await _scenario.ProofAsync("crash", "evening")).Seed);

        // The merge's message was sent and never picked up: after the pickup timeout the timer sends it again.
        _clock.Now += new DrawOptions().PickupTimeout + TimeSpan.FromSeconds(1);
        Assert.Equal(1, await _service.TickAsync(CancellationToken.None));
        await _queue.DeliverAllAsync(_service);

        var proof = await _scenario.ProofAsync("crash", "evening");
        Assert.Equal("drawn", proof.State);
        var entrySet = await _scenario.ReadWholeEntrySetAsync("crash", "evening");
        var recomputed = DrawRanking.Rank(Convert.FromHexString(proof.Seed!), "crash", "evening", entrySet, proof.Tiers, proof.Alternates);
        Assert.Equal(recomputed, proof.Ranking);
    }

    [Fact]
    public async Task A_shard_rerun_after_an_interrupted_run_keeps_only_what_it_finds()
    {
        await _scenario.PublishAsync("rerun", draws: 1);
        await _scenario.EnterAsync(await _scenario.CampaignAsync("rerun"), 40);
        _clock.Now = Start.AddHours(8).AddMinutes(1);
        await _service.TickAsync(CancellationToken.None);
        // What a run that died half-way leaves: a chunk it wrote (for someone since disqualified, say), no done marker.
        var ghost = new string('f', 64);
        await _draws.WriteShardChunkAsync("rerun", "evening", Pseudonym.BucketOf(ghost, 16), "dead-run", 0, [new DrawEntry(ghost, 9)],
            keepEntrants: false, CancellationToken.None);

        await _queue.DeliverAllAsync(_service);

        var entrySet = await _scenario.ReadWholeEntrySetAsync("rerun", "evening");
        Assert.DoesNotContain(entrySet, e => e.Pseudonym == ghost);
        var proof = await _scenario.ProofAsync("rerun", "evening");
        Assert.Equal(EntrySetDigest.Of(entrySet.Select(e => (e.Pseudonym, e.Weight))), proof.EntrySetDigest);
    }

    [Fact]
    public async Task A_scheduled_and_a_manual_run_at_once_draw_once()
    {
        await _scenario.PublishAsync("race", draws: 1);
        await _scenario.EnterAsync(await _scenario.CampaignAsync("race"), 60);
        _clock.Now = Start.AddHours(8).AddMinutes(1);

        await Task.WhenAll(_service.TickAsync(CancellationToken.None), _service.RequestRunAsync("race", "evening", TestAdmins.Named("王主任"), CancellationToken.None));
        Assert.Equal(2, _queue.Pending.Count(s => s.Queue == "start"));
        await _queue.DeliverAllAsync(_service, concurrently: true);

        var draw = await _draws.FindAsync("race", "evening", CancellationToken.None);
        Assert.Equal(DrawState.Drawn, draw!.State);
        var ranking = await _draws.ReadRankingAsync("race", "evening", CancellationToken.None);
        Assert.Equal(ranking.Select(r => r.Rank), Enumerable.Range(1, ranking.Count));
        Assert.Equal(ranking.Count, ranking.Select(r => r.Pseudonym).Distinct().Count());

        var again = await Assert.ThrowsAsync<ProblemException>(() => _service.RequestRunAsync("race", "evening", TestAdmins.Named("王主任"), CancellationToken.None));
        Assert.Equal(Problem.TypePrefix + "already-drawn", again.Problem.Type);
    }

    [Fact]
    public async Task A_manual_run_before_entries_close_is_refused()
    {
        await _scenario.PublishAsync("early", draws: 1);

        var refused = await Assert.ThrowsAsync<ProblemException>(() => _service.RequestRunAsync("early", "evening", TestAdmins.Named("admin"), CancellationToken.None));

        Assert.Equal(Problem.TypePrefix + "entries-still-open", refused.Problem.Type);
        Assert.Empty(_queue.Pending);
    }

    [Fact]
    public async Task Nobody_wins_twice_across_daily_draws_and_disqualified_entrants_are_out()
    {
        await _scenario.PublishAsync("daily", draws: 2);
        var campaign = await _scenario.CampaignAsync("daily");
        await _scenario.EnterAsync(campaign, 30);
        await _disqualified.TryAddAsync(new Disqualification("daily", "fan-007", campaign.PseudonymOf("fan-007"), "bot", new Core.Admins.AdminRef(null, "admin"), Start), CancellationToken.None);

        _clock.Now = Start.AddHours(8).AddMinutes(1);
        await _service.TickAsync(CancellationToken.None);
        await _queue.DeliverAllAsync(_service);
        // The second evening draws from everyone so far, less the first evening's winners.
        _clock.Now = Start.AddDays(1).AddHours(8).AddMinutes(1);
        await _service.TickAsync(CancellationToken.None);
        await _queue.DeliverAllAsync(_service);

        var day1 = await _draws.ReadRankingAsync("daily", "evening", CancellationToken.None);
        var day2 = await _draws.ReadRankingAsync("daily", "evening-2", CancellationToken.None);
        var winners1 = day1.Where(r => r.PrizeId is not null).Select(r => r.Pseudonym).ToHashSet();
        Assert.NotEmpty(winners1);
        Assert.Equal(9, day2.Count);
        Assert.DoesNotContain(day2, r => winners1.Contains(r.Pseudonym));
        Assert.DoesNotContain(day1.Concat(day2), r => r.Pseudonym == campaign.PseudonymOf("fan-007"));
    }

}

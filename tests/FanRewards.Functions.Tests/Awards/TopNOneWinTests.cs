using FanRewards.Core.Awards;
using FanRewards.Core.Entries;
using FanRewards.Storage;

namespace FanRewards.Functions.Tests.Awards;

/// <summary>
/// Top N keeps the one-win rule with the entrant's marker (Azurite): a judged pick landing while the step ranks gives
/// that entrant one win, and their top-N place goes to the next ranked, recorded as a pass "already-won".
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TopNOneWinTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_judged_pick_landing_while_top_n_ranks_keeps_one_win_and_the_place_goes_to_the_next_ranked()
    {
        var (s, clock) = await WalkersAsync("topn-race");

        // The step reads the awards (nobody has won yet) and waits; the judge picks the best walker meanwhile.
        var gated = new AwardListGate(s.Awards);
        var topN = new TopNService(s.Campaigns, s.EntryStore, gated, clock, s.Due, s.Issuer, s.Disqualified);
        var step = Task.Run(() => topN.AwardAsync(new TopNStep("topn-race", "steps"), CancellationToken.None));
        await gated.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var judged = await new JudgingService(s.Admin, s.EntryStore, s.Awards, new TableAuditLog(s.Tables), clock, s.Issuer, s.Disqualified)
            .AwardAsync("topn-race", "wishes", new JudgingService.JudgedAwardRequest("walker-0", "card"), TestAdmins.Named("评委会"), CancellationToken.None);
        gated.Release();
        await step;
        // A redelivered step finds the activity done.
        Assert.Equal(0, await new TopNService(s.Campaigns, s.EntryStore, s.Awards, clock, s.Due, s.Issuer, s.Disqualified)
            .AwardAsync(new TopNStep("topn-race", "steps"), CancellationToken.None));

        var awards = await s.Awards.ListAsync("topn-race", CancellationToken.None);
        var walker0 = awards.Where(a => a.EntrantId == "walker-0").ToList();
        Assert.Equal(judged.AwardId, Assert.Single(walker0, a => a.Status == AwardStatus.Awarded).AwardId);
        var passed = Assert.Single(walker0, a => a.Mode == AwardedBy.TopN);
        Assert.Equal((AwardStatus.AlreadyWon, "topN-steps-000001", "topN-steps-000004"), (passed.Status, passed.AwardId, passed.PassedTo));
        var bands = awards.Where(a => a.Mode == AwardedBy.TopN && a.Status == AwardStatus.Awarded).OrderBy(a => a.Rank).ToList();
        Assert.Equal(["walker-1", "walker-2", "walker-3"], bands.Select(a => a.EntrantId));
        Assert.Equal([2, 3, 4], bands.Select(a => a.Rank ?? 0));
        Assert.Equal("topN-steps-000001", bands[^1].PassedFrom);
        Assert.All(bands, a => Assert.Equal("band", a.PrizeId));
    }

    [Fact]
    public async Task A_rerun_after_a_run_that_died_before_its_pass_keeps_the_places_given_and_passes_the_holder_who_won_elsewhere()
    {
        var (s, clock) = await WalkersAsync("topn-crash");

        // The first run ranks, the judge picks the best walker meanwhile, the run writes the three places (the first
        // without its marker: walker-0 won elsewhere) and dies before passing that place on.
        var gated = new AwardListGate(new DiesAtThePass(s.Awards));
        var step = Task.Run(() => new TopNService(s.Campaigns, s.EntryStore, gated, clock, s.Due, s.Issuer, s.Disqualified)
            .AwardAsync(new TopNStep("topn-crash", "steps"), CancellationToken.None));
        await gated.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var judged = await new JudgingService(s.Admin, s.EntryStore, s.Awards, new TableAuditLog(s.Tables), clock, s.Issuer, s.Disqualified)
            .AwardAsync("topn-crash", "wishes", new JudgingService.JudgedAwardRequest("walker-0", "card"), TestAdmins.Named("评委会"), CancellationToken.None);
        gated.Release();
        await Assert.ThrowsAsync<IOException>(() => step);

        // The rerun: walker-0 keeps rank 1 in the ranking (so nobody shifts onto a place given), and that place passes on.
        clock.Now += TimeSpan.FromMinutes(1);
        await new TopNService(s.Campaigns, s.EntryStore, s.Awards, clock, s.Due, s.Issuer, s.Disqualified)
            .AwardAsync(new TopNStep("topn-crash", "steps"), CancellationToken.None);

        var awards = await s.Awards.ListAsync("topn-crash", CancellationToken.None);
        var live = awards.Where(a => a.Mode == AwardedBy.TopN && a.Status == AwardStatus.Awarded).OrderBy(a => a.Rank).ToList();
        Assert.Equal(["walker-1", "walker-2", "walker-3"], live.Select(a => a.EntrantId)); // as many as places, nobody twice
        Assert.Equal(["topN-steps-000002", "topN-steps-000003", "topN-steps-000004"], live.Select(a => a.AwardId));
        Assert.All(live, a => Assert.Equal("band", a.PrizeId)); // three bands, each unit once
        var passed = Assert.Single(awards, a => a.EntrantId == "walker-0" && a.Mode == AwardedBy.TopN);
        Assert.Equal((AwardStatus.AlreadyWon, "topN-steps-000004"), (passed.Status, passed.PassedTo));
        Assert.Equal(judged.AwardId, Assert.Single(awards, a => a.EntrantId == "walker-0" && a.Status == AwardStatus.Awarded).AwardId);
    }

    [Fact]
    public async Task A_rerun_after_a_run_that_died_before_it_was_done_keeps_a_place_whose_holder_was_disqualified_since()
    {
        var (s, clock) = await WalkersAsync("topn-cheat");
        // The first run writes the three places and dies before it marks the activity done.
        await Assert.ThrowsAsync<IOException>(() => new TopNService(s.Campaigns, s.EntryStore, new DiesBeforeDone(s.Awards), clock, s.Due, s.Issuer,
            s.Disqualified).AwardAsync(new TopNStep("topn-cheat", "steps"), CancellationToken.None));
        // Meanwhile the best walker is disqualified: a top-N prize is not a draw's, it is not passed on (as after a whole run).
        Assert.True(await s.Disqualified.TryAddAsync(new Disqualification("topn-cheat", "walker-0", s.Campaign.PseudonymOf("walker-0"), "代走",
            new Core.Admins.AdminRef("test-admin", "admin"), clock.GetUtcNow()), CancellationToken.None));

        clock.Now += TimeSpan.FromMinutes(1);
        await new TopNService(s.Campaigns, s.EntryStore, s.Awards, clock, s.Due, s.Issuer, s.Disqualified)
            .AwardAsync(new TopNStep("topn-cheat", "steps"), CancellationToken.None);

        var live = (await s.Awards.ListAsync("topn-cheat", CancellationToken.None)).Where(a => a is { Mode: AwardedBy.TopN, Status: AwardStatus.Awarded })
            .OrderBy(a => a.Rank).ToList();
        Assert.Equal(["walker-0", "walker-1", "walker-2"], live.Select(a => a.EntrantId)); // no fourth band for walker-3
        Assert.Equal(["topN-steps-000001", "topN-steps-000002", "topN-steps-000003"], live.Select(a => a.AwardId));
    }

    /// <summary>
    /// The Holiday campaign (a top-3 check-in activity with three bands, a judged message activity) with five
    /// walkers, the best of whom left an approved message, and the clock past the close.
    /// </summary>
    private async Task<(EntryScenario, ManualClock)> WalkersAsync(string campaignId)
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var s = await EntryScenario.CreateAsync(azurite, campaignId, clock, new EntryScenarioOptions { Awards = true, CatalogTimeToLive = TimeSpan.Zero });
        var steps = new[] { 12000L, 11000, 9000, 5000, 300 };
        for (var i = 0; i < steps.Length; i++)
            await s.Entries.CheckInAsync(campaignId, "steps", new Entrant($"walker-{i}", false), steps[i], CancellationToken.None);
        await s.Entries.LeaveMessageAsync(campaignId, "wishes", new Entrant("walker-0", false), "节日快乐", CancellationToken.None);
        var pseudonym = s.Campaign.PseudonymOf("walker-0");
        var entry = await s.EntryStore.FindAsync(campaignId, Pseudonym.BucketOf(pseudonym, s.Campaign.EntryBuckets), EntryRecord.Key("wishes", pseudonym),
            CancellationToken.None);
        Assert.NotNull(await s.EntryStore.TryReplaceAsync(entry! with { Status = EntryStatus.Approved }, CancellationToken.None));
        clock.Now += TimeSpan.FromHours(2); // closed
        return (s, clock);
    }

    /// <summary>The award store of a run that dies (its host stopped) just before it marks the activity done.</summary>
    private sealed class DiesBeforeDone(IAwardStore inner) : ForwardingAwardStore(inner)
    {
        public override Task MarkStepDoneAsync(string campaignId, string step, DateTimeOffset at, CancellationToken ct) =>
            Task.FromException(new IOException("the host stopped"));
    }

    /// <summary>The award store of a run that dies (its host stopped) when it comes to pass a place on.</summary>
    private sealed class DiesAtThePass(IAwardStore inner) : ForwardingAwardStore(inner)
    {
        public override Task<PassWrite> TryPassOnAsync(Award ended, IReadOnlyList<Core.Outbox.OutboxEvent> events, IReadOnlyList<Award> passedThrough,
            bool oneWinPerEntrant, CancellationToken ct) => Task.FromException<PassWrite>(new IOException("the host stopped"));
    }
}

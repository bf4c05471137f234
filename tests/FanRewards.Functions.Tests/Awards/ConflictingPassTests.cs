using FanRewards.Core.Awards;
using FanRewards.Core.Entries;
using FanRewards.Core.Outbox;
using static FanRewards.Functions.Tests.Support.JudgedDraws;

namespace FanRewards.Functions.Tests.Awards;

/// <summary>
/// A draw winner who won elsewhere first gets the draw's award written without their one-win marker, and the prize
/// passes on ("already-won"). When that pass keeps losing its write (more conflicts than one pass tries), the merge
/// fails before the draw shows as drawn and runs again from the timer until the pass lands (Azurite): never a drawn
/// draw with an award live beside its winner's other win.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ConflictingPassTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Start = DrawScenario.Start;

    [Fact]
    public async Task A_pass_that_conflicts_more_often_than_one_merge_tries_finishes_in_a_later_merge_before_the_draw_shows_as_drawn()
    {
        const int conflicts = 7; // more than the five writes one pass tries
        ConflictingPasses? conflicting = null;
        var s = await DrawScenario.CreateAsync(azurite, drawAwards: awards => conflicting = new ConflictingPasses(awards, conflicts));
        const string campaignId = "stubborn-pass";
        var fans = await SealedWithAlternatesAsync(s, campaignId);
        var campaign = await s.CampaignAsync(campaignId);
        // The first-ranked entrant, known from the sealed set and the seed, wins a judged prize before the draw runs.
        var sealedDraw = (await s.Draws.FindAsync(campaignId, "main", CancellationToken.None))!;
        var entrySet = await s.ReadWholeEntrySetAsync(campaignId, "main");
        var first = Core.Draws.DrawRanking.Rank(sealedDraw.Seed, campaignId, "main", entrySet, sealedDraw.StartedTiers, sealedDraw.Alternates ?? 0)[0];
        var winner = fans.Single(f => campaign.PseudonymOf(f) == first.Pseudonym);
        var judged = await Judging(s).AwardAsync(campaignId, "wishes", new JudgingService.JudgedAwardRequest(winner, "card"), TestAdmins.Named("评委会"),
            CancellationToken.None);

        // The draw's time: the first merge's pass loses every write it tries; the timer sends the merge again.
        s.Clock.Now = Start.AddHours(2).AddMinutes(1);
        await s.Service.TickAsync(CancellationToken.None);
        var failedMerges = 0;
        for (var round = 0; round < 4 && (await s.Draws.FindAsync(campaignId, "main", CancellationToken.None))!.State != Core.Draws.DrawState.Drawn; round++)
        {
            try
            {
                await s.Queue.DeliverAllAsync(s.Service);
            }
            catch (InvalidOperationException e) when (e.Message.Contains("kept changing", StringComparison.Ordinal))
            {
                failedMerges++;
                // Not drawn while the award is live beside the judged win.
                Assert.NotEqual(Core.Draws.DrawState.Drawn, (await s.Draws.FindAsync(campaignId, "main", CancellationToken.None))!.State);
                s.Clock.Now += TimeSpan.FromMinutes(6); // past the pickup timeout: the timer finds the merge idle
                await s.Service.TickAsync(CancellationToken.None);
            }
        }

        Assert.Equal(1, failedMerges);
        Assert.True(conflicting!.Refused >= conflicts);
        var awards = await s.Awards.ListAsync(campaignId, CancellationToken.None);
        var theirs = awards.Where(a => a.EntrantId == winner).ToList();
        Assert.Equal(judged.AwardId, Assert.Single(theirs, Live).AwardId);
        var drawAward = Assert.Single(theirs, a => a.DrawId is not null);
        Assert.Equal(AwardStatus.AlreadyWon, drawAward.Status);
        AssertOneLiveWinEach(awards);
        s.Clock.Now += TimeSpan.FromHours(1);
        var proof = await s.ProofAsync(campaignId, "main");
        Assert.Equal("drawn", proof.State);
        var pass = Assert.Single(proof.Passes);
        Assert.Equal(("already-won", drawAward.AwardId, proof.Winners + 1), (pass.Reason, pass.FromAwardId, pass.ToRank));
        Assert.Single(awards, a => a.PassedFrom == drawAward.AwardId && Live(a));
    }

    /// <summary>The award store, except that the first <paramref name="conflicts"/> prize passes find the award changed (nothing written).</summary>
    private sealed class ConflictingPasses(IAwardStore inner, int conflicts) : ForwardingAwardStore(inner)
    {
        private int _refused;
        public int Refused => Volatile.Read(ref _refused);

        public override Task<PassWrite> TryPassOnAsync(Award ended, IReadOnlyList<OutboxEvent> events, IReadOnlyList<Award> passedThrough,
            bool oneWinPerEntrant, CancellationToken ct) =>
            Interlocked.Increment(ref _refused) <= conflicts
                ? Task.FromResult(PassWrite.Changed)
                : base.TryPassOnAsync(ended, events, passedThrough, oneWinPerEntrant, ct);
    }
}

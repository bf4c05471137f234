using FanRewards.Core;
using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Draws;
using FanRewards.Core.Entries;
using FanRewards.Core.Outbox;

namespace FanRewards.Functions.Tests.Awards;

/// <summary>
/// A draw winner who won elsewhere first gets the draw's award written out of play: "already-won", its pass pending, no
/// "winner awarded" event. When the host dies between that write and the pass (here the pass's write throws once), the
/// window until the merge runs again shows no second win to anyone: not the entrant's own page or voucher code, a claim,
/// the claim-deadline or voucher sweep, the outbox, the organiser's list and export or the published results (Azurite).
/// The merge run again brings in the alternate, and the proof reads as if nothing had died.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PassPendingTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task A_prize_to_claim_whose_pass_died_is_neither_claimed_nor_forfeited_nor_announced_before_the_merge_runs_again()
    {
        var w = await CrashedAtThePassAsync("pending-claim", WinsTheJudgedPrizeAsync, adjust: null);

        var refused = await Assert.ThrowsAsync<ProblemException>(() =>
            w.S.Claims.ClaimAsync(w.CampaignId, new Entrant(w.Winner, false), new ClaimRequest("张三", "13800138000", "北京市东城区一号"), Ct));
        Assert.Equal(409, refused.Problem.Status);
        await AssertStillPendingAsync(w);
        // Past the claim deadline the sweep forfeits nothing: the prize is not theirs to lose, and the pass says why it went.
        w.S.Clock.Now = DrawScenario.Start.AddDays(14).AddMinutes(1);
        await w.S.Claims.SweepAsync(Ct);
        await AssertStillPendingAsync(w);

        await RunTheMergeAgainAsync(w);
    }

    [Fact]
    public async Task A_voucher_whose_pass_died_gets_no_code_from_the_sweep_and_shows_none_before_the_merge_runs_again()
    {
        var w = await CrashedAtThePassAsync("pending-code", WinsTheJudgedPrizeAsync, adjust: c => c.ChangePrize("pass", p => p with { Kind = PrizeKind.Voucher }));

        await w.S.Vouchers.AddAsync(w.CampaignId, "pass", ["PASS-0001", "PASS-0002", "PASS-0003", "PASS-0004"], Ct);
        await w.S.Claims.SweepAsync(Ct); // the voucher sweep: the live winners get their codes
        var mine = await w.S.Entries.GetMineAsync(w.CampaignId, new Entrant(w.Winner, false), Ct);
        Assert.All((mine.Prizes ?? []).Where(p => p.AwardId == w.DrawAwardId), p => Assert.Null(p.VoucherCode));
        await AssertStillPendingAsync(w);
        Assert.Null((await w.S.Awards.FindAsync(w.CampaignId, w.DrawAwardId, Ct))!.VoucherCode);
        // Nor does the issuer, asked for it directly (a merge run again that no longer saw why the award went out of play).
        var pending = (await w.S.Awards.FindAsync(w.CampaignId, w.DrawAwardId, Ct))!;
        await new VoucherIssuer(w.S.Awards, w.S.Vouchers, w.S.Clock).IssueAsync(await w.S.CampaignAsync(w.CampaignId), pending, Ct);
        Assert.Null((await w.S.Awards.FindAsync(w.CampaignId, w.DrawAwardId, Ct))!.VoucherCode);

        await RunTheMergeAgainAsync(w);
    }

    [Fact]
    public async Task A_winner_disqualified_after_the_seal_whose_pass_died_cannot_claim_and_is_never_announced()
    {
        var w = await CrashedAtThePassAsync("pending-out", (s, campaignId, winner) =>
            s.Disqualifications.DisqualifyAsync(campaignId, winner, "一人多号", TestAdmins.Named("孙审核"), Ct), adjust: null);

        var refused = await Assert.ThrowsAsync<ProblemException>(() =>
            w.S.Claims.ClaimAsync(w.CampaignId, new Entrant(w.Winner, false), new ClaimRequest("张三", "13800138000", "北京市东城区一号"), Ct));
        Assert.Equal(409, refused.Problem.Status);
        await AssertStillPendingAsync(w);

        await RunTheMergeAgainAsync(w);
    }

    [Fact]
    public async Task A_merge_run_again_is_handed_back_an_award_an_earlier_run_wrote_out_of_play_whatever_it_sees_now()
    {
        var s = await DrawScenario.CreateAsync(azurite);
        var store = new FanRewards.Storage.TableAwardStore(s.Tables, new AwardChanges());
        var award = new Award
        {
            CampaignId = "again", AwardId = "draw-main-000001", PrizeId = "pass", ActivityId = "wishes", Pseudonym = $"p{1:D63}",
            EntrantId = "fan-1", Mode = AwardedBy.Draw, AwardedAt = DrawScenario.Start, DrawId = "main", Rank = 1,
        };
        var awarded = new OutboxEvent("again", $"awarded-{award.AwardId}", EventTypes.WinnerAwarded, DrawScenario.Start, "");

        // The first run: the winner's entry rejected after the seal, so the award went in out of play, with their marker.
        Assert.Empty(await store.EnsureAwardsAsync([(award with { Status = AwardStatus.Rejected, PassPending = true }, awarded)], oneWinPerEntrant: true, Ct));
        // It died before the pass; the entry was approved again since. The run again no longer sees the winner taken out,
        // yet gets the award back to pass on (with the status it was written with), not a live win to issue a code to.
        Assert.Equal([award.AwardId], await store.EnsureAwardsAsync([(award, awarded)], oneWinPerEntrant: true, Ct));
        Assert.Equal((AwardStatus.Rejected, true), ((await store.FindAsync("again", award.AwardId, Ct))!.Status, (await store.FindAsync("again", award.AwardId, Ct))!.PassPending));
    }

    private sealed record Window(DrawScenario S, DiesAtTheFirstPass Store, string CampaignId, string Winner, string DrawAwardId, AwardStatus Reason);

    /// <summary>The first-ranked entrant wins the one judged prize before the draw runs: their draw prize passes "already-won".</summary>
    private static Task WinsTheJudgedPrizeAsync(DrawScenario s, string campaignId, string winner) =>
        JudgedDraws.Judging(s).AwardAsync(campaignId, "wishes", new JudgingService.JudgedAwardRequest(winner, "card"), TestAdmins.Named("评委会"), Ct);

    /// <summary>
    /// The first-ranked entrant is taken out before the draw runs (<paramref name="takeOut"/>: a judged win, or a
    /// disqualification after the seal); the draw's merge writes their award out of play and dies at the pass, so the
    /// draw does not show as drawn.
    /// </summary>
    private async Task<Window> CrashedAtThePassAsync(string campaignId, Func<DrawScenario, string, string, Task> takeOut, Func<TestCampaign, TestCampaign>? adjust)
    {
        DiesAtTheFirstPass? dying = null;
        var s = await DrawScenario.CreateAsync(azurite, drawAwards: awards => dying = new DiesAtTheFirstPass(awards));
        var fans = await JudgedDraws.SealedWithAlternatesAsync(s, campaignId, adjust);
        var campaign = await s.CampaignAsync(campaignId);
        var sealedDraw = (await s.Draws.FindAsync(campaignId, "main", Ct))!;
        var entrySet = await s.ReadWholeEntrySetAsync(campaignId, "main");
        var first = DrawRanking.Rank(sealedDraw.Seed, campaignId, "main", entrySet, sealedDraw.StartedTiers, sealedDraw.Alternates ?? 0)[0];
        var winner = fans.Single(f => campaign.PseudonymOf(f) == first.Pseudonym);
        await takeOut(s, campaignId, winner);
        var reason = (await s.Disqualified.ListAsync(campaignId, Ct)).Count > 0 ? AwardStatus.Disqualified : AwardStatus.AlreadyWon;

        s.Clock.Now = DrawScenario.Start.AddHours(2).AddMinutes(1);
        await s.Service.TickAsync(Ct);
        await Assert.ThrowsAsync<IOException>(() => s.Queue.DeliverAllAsync(s.Service));
        return new Window(s, dying!, campaignId, winner, $"draw-main-{first.Rank:D6}", reason);
    }

    /// <summary>Whoever looks in the window sees the draw's award out of play and nothing announced or published for it.</summary>
    private static async Task AssertStillPendingAsync(Window w)
    {
        var (s, campaignId) = (w.S, w.CampaignId);
        Assert.NotEqual(DrawState.Drawn, (await s.Draws.FindAsync(campaignId, "main", Ct))!.State);
        var mine = await s.Entries.GetMineAsync(campaignId, new Entrant(w.Winner, false), Ct);
        Assert.DoesNotContain(mine.Prizes ?? [], p => p.AwardId == w.DrawAwardId && Live(p.Status));
        var (_, listed) = await s.Claims.ListWithContactsAsync(campaignId, Ct); // the organiser's list and CSV export
        foreach (var entrant in listed.GroupBy(a => a.Award.EntrantId)) Assert.True(entrant.Count(a => Live(a.Award.Status)) <= 1, $"{entrant.Key} holds two wins");
        Assert.DoesNotContain(await s.OutboxAsync(campaignId, EventTypes.WinnerAwarded), r => r.GetString("EventId") == $"awarded-{w.DrawAwardId}");
        Assert.DoesNotContain(await s.OutboxAsync(campaignId, EventTypes.PrizePassedOn), r => r.GetString("EventId") == $"passed-{w.DrawAwardId}");
        Assert.Empty(await s.WinnersAsync(campaignId));
        var award = (await s.Awards.FindAsync(campaignId, w.DrawAwardId, Ct))!;
        Assert.Equal((w.Reason, true, null, null), (award.Status, award.PassPending, award.PassedTo, award.CodeShownAt));
    }

    /// <summary>The timer finds the merge idle and sends it again (delivered twice): the alternate gets the prize, once.</summary>
    private static async Task RunTheMergeAgainAsync(Window w)
    {
        var (s, campaignId) = (w.S, w.CampaignId);
        s.Clock.Now += TimeSpan.FromMinutes(6); // past the pickup timeout
        await s.Service.TickAsync(Ct);
        await s.Queue.DeliverAllAsync(s.Service, deliverEachTimes: 2);

        Assert.Equal(DrawState.Drawn, (await s.Draws.FindAsync(campaignId, "main", Ct))!.State);
        Assert.True(w.Store.Passes > 1, "the merge run again passed the prize on");
        var awards = await s.Awards.ListAsync(campaignId, Ct);
        var drawAward = Assert.Single(awards, a => a.AwardId == w.DrawAwardId);
        Assert.Equal((w.Reason, false), (drawAward.Status, drawAward.PassPending));
        var alternate = Assert.Single(awards, a => a.PassedFrom == w.DrawAwardId);
        Assert.Equal((alternate.AwardId, AwardStatus.Awarded), (drawAward.PassedTo, alternate.Status));
        foreach (var entrant in awards.GroupBy(a => a.EntrantId)) Assert.True(entrant.Count(a => Live(a.Status)) <= 1, $"{entrant.Key} holds two wins");
        Assert.DoesNotContain(await s.OutboxAsync(campaignId, EventTypes.WinnerAwarded), r => r.GetString("EventId") == $"awarded-{w.DrawAwardId}");
        Assert.Single(await s.OutboxAsync(campaignId, EventTypes.PrizePassedOn), r => r.GetString("EventId") == $"passed-{w.DrawAwardId}");
        s.Clock.Now += TimeSpan.FromHours(1);
        var proof = await s.ProofAsync(campaignId, "main");
        // The other winners' prizes may have passed too (unclaimed at the deadline); this one's pass reads as the rule made it.
        var pass = Assert.Single(proof.Passes, p => p.FromAwardId == w.DrawAwardId);
        Assert.Equal((PrizePass.ReasonOf(w.Reason), alternate.Rank), (pass.Reason, pass.ToRank));
    }

    private static bool Live(AwardStatus status) => status is AwardStatus.Awarded or AwardStatus.Claimed;

    /// <summary>The award store, except that the first prize pass dies before its write (the host gone between the award and its pass).</summary>
    private sealed class DiesAtTheFirstPass(IAwardStore inner) : ForwardingAwardStore(inner)
    {
        private int _passes;
        /// <summary>How many passes were tried, the one that died included.</summary>
        public int Passes => Volatile.Read(ref _passes);

        public override Task<PassWrite> TryPassOnAsync(Award ended, IReadOnlyList<OutboxEvent> events, IReadOnlyList<Award> passedThrough,
            bool oneWinPerEntrant, CancellationToken ct) =>
            Interlocked.Increment(ref _passes) == 1
                ? throw new IOException("The host died between the award and its pass.")
                : base.TryPassOnAsync(ended, events, passedThrough, oneWinPerEntrant, ct);
    }
}

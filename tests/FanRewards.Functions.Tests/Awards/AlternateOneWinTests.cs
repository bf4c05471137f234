using FanRewards.Core;
using FanRewards.Core.Awards;
using FanRewards.Core.Draws;
using FanRewards.Core.Entries;
using FanRewards.Storage;
using static FanRewards.Functions.Tests.Support.JudgedDraws;

namespace FanRewards.Functions.Tests.Awards;

/// <summary>
/// A prize passed to a draw's alternate takes the alternate's one-win marker in the pass's own transaction (Azurite): a
/// judged pick of that alternate landing while the pass is under way ends in one win, and the prize goes on to the next
/// alternate as a recorded "already-won" pass.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AlternateOneWinTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Start = DrawScenario.Start;

    [Fact]
    public async Task A_judged_pick_landing_between_the_pass_reading_the_awards_and_writing_passes_the_prize_on_through_that_alternate()
    {
        var (s, campaignId, fans) = await DrawnAsync("between", 0);
        var campaign = await s.CampaignAsync(campaignId);
        var proof = await s.ProofAsync(campaignId, "main");
        var firstAlternate = EntrantAt(campaign, fans, proof, proof.Winners + 1);
        var winnerAward = (await s.Awards.ListAsync(campaignId, CancellationToken.None)).First(a => a.Rank == 1);

        // The pass reads the awards (nobody holds anything for the first alternate yet) and waits; the judge picks that
        // alternate meanwhile; then the pass writes.
        var gated = new AwardListGate(s.Awards);
        var pass = Task.Run(() => Passes(s, gated).PassOnAsync(campaign, winnerAward, AwardStatus.Declined, new Core.Admins.AdminRef(null, "winner"), null, new HashSet<string>(),
            CancellationToken.None));
        await gated.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var judged = await Judging(s).AwardAsync(campaignId, "wishes", new JudgingService.JudgedAwardRequest(firstAlternate, "card"),
            TestAdmins.Named("评委会"), CancellationToken.None);
        gated.Release();
        var holder = await pass;

        var awards = await s.Awards.ListAsync(campaignId, CancellationToken.None);
        var theirs = awards.Where(a => a.EntrantId == firstAlternate).ToList();
        Assert.Equal(judged.AwardId, Assert.Single(theirs, Live).AwardId);
        var passedThrough = Assert.Single(theirs, a => a.Mode == AwardedBy.DrawAlternate);
        Assert.Equal((AwardStatus.AlreadyWon, winnerAward.AwardId, holder!.AwardId), (passedThrough.Status, passedThrough.PassedFrom, passedThrough.PassedTo));
        Assert.Equal((AwardStatus.Awarded, proof.Winners + 2), (holder.Status, holder.Rank));
        Assert.Equal(EntrantAt(campaign, fans, proof, proof.Winners + 2), holder.EntrantId);

        s.Clock.Now += TimeSpan.FromHours(1);
        var passes = (await s.ProofAsync(campaignId, "main")).Passes;
        Assert.Equal([("declined", winnerAward.AwardId, proof.Winners + 1), ("already-won", passedThrough.AwardId, proof.Winners + 2)],
            passes.Select(p => (p.Reason, p.FromAwardId, p.ToRank)));
        AssertOneLiveWinEach(awards);
    }

    [Fact]
    public async Task Judged_picks_racing_a_pass_to_the_same_alternate_delivered_twice_end_in_one_live_win_each()
    {
        var outcomes = new List<string>();
        for (var round = 0; round < 4; round++)
        {
            var (s, campaignId, fans) = await DrawnAsync("pass-race", round);
            var campaign = await s.CampaignAsync(campaignId);
            var proof = await s.ProofAsync(campaignId, "main");
            var firstAlternate = EntrantAt(campaign, fans, proof, proof.Winners + 1);
            var winnerAward = (await s.Awards.ListAsync(campaignId, CancellationToken.None)).First(a => a.Rank == 1);

            // The winner's decline is processed twice at once (a redelivered step), while two judges pick the first alternate.
            var passes = Enumerable.Range(0, 2).Select(_ => Task.Run(() => Passes(s, s.Awards).PassOnAsync(campaign, winnerAward, AwardStatus.Declined,
                new Core.Admins.AdminRef(null, "winner"), null, new HashSet<string>(), CancellationToken.None))).ToList();
            var judging = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
            {
                try
                {
                    return (Award?)await Judging(s).AwardAsync(campaignId, "wishes", new JudgingService.JudgedAwardRequest(firstAlternate, "card"),
                        TestAdmins.Named("评委会"), CancellationToken.None);
                }
                catch (ProblemException e) when (e.Problem.Status == 409)
                {
                    return null;
                }
            })).ToList();
            await Task.WhenAll(passes);
            var judged = (await Task.WhenAll(judging)).OfType<Award>().ToList();

            var awards = await s.Awards.ListAsync(campaignId, CancellationToken.None);
            AssertOneLiveWinEach(awards);
            var live = Assert.Single(awards, a => a.EntrantId == firstAlternate && Live(a));
            var declined = Assert.Single(awards, a => a.AwardId == winnerAward.AwardId);
            Assert.Equal(AwardStatus.Declined, declined.Status);
            // The draw's prize is held once, by exactly one alternate, however often the pass ran.
            Assert.Single(awards, a => a.Mode == AwardedBy.DrawAlternate && Live(a));
            if (judged.Count > 0)
            {
                Assert.Equal(AwardedBy.Judged, Assert.Single(judged).Mode);
                Assert.Equal(judged[0].AwardId, live.AwardId);
                outcomes.Add("judged");
            }
            else
            {
                Assert.Equal(AwardedBy.DrawAlternate, live.Mode);
                outcomes.Add("pass");
            }
        }
        Assert.Equal(4, outcomes.Count);
    }

    /// <summary>A drawn campaign: six fans answered and wrote (approved), one prize drawn with three alternates.</summary>
    private async Task<(DrawScenario, string, List<string>)> DrawnAsync(string name, int round)
    {
        var s = await DrawScenario.CreateAsync(azurite);
        var campaignId = $"{name}-{round}";
        var fans = await SealedWithAlternatesAsync(s, campaignId);
        s.Clock.Now = Start.AddHours(2).AddMinutes(1);
        await s.Service.TickAsync(CancellationToken.None);
        await s.Queue.DeliverAllAsync(s.Service);
        return (s, campaignId, fans);
    }

    private static string EntrantAt(Core.Campaigns.Campaign campaign, List<string> fans, DrawProof proof, int rank) =>
        fans.Single(f => campaign.PseudonymOf(f) == proof.Ranking.Single(r => r.Rank == rank).Pseudonym);

    private static PrizePasses Passes(DrawScenario s, IAwardStore awards) =>
        new(awards, new DrawAlternates(s.Draws), s.Disqualified, s.Clock, new ClaimOptions(), new TableAuditLog(s.Tables));
}

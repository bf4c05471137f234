using FanRewards.Core;
using FanRewards.Core.Awards;
using FanRewards.Core.Entries;
using FanRewards.Storage;
using static FanRewards.Functions.Tests.Support.JudgedDraws;

namespace FanRewards.Functions.Tests.Awards;

/// <summary>
/// Judged awards keep the one-win rule on Azurite: a judged pick racing a first-come win for one entrant ends in one
/// win, an entrant who won a draw is refused with a clear 409, and a judged winner is left out of a later draw.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class JudgedOneWinTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Start = DrawScenario.Start;

    [Fact]
    public async Task A_judged_award_and_a_first_come_win_for_one_entrant_at_once_end_in_one_win()
    {
        var outcomes = new List<string>();
        for (var round = 0; round < 4; round++)
        {
            var campaignId = $"race-{round}";
            var clock = new ManualClock(Start);
            var s = await EntryScenario.CreateAsync(azurite, campaignId, clock, new EntryScenarioOptions { Awards = true, CatalogTimeToLive = TimeSpan.Zero });
            var entrant = new Entrant("both-ways", false);
            await s.Entries.LeaveMessageAsync(campaignId, "wishes", entrant, "祝大家节日快乐", CancellationToken.None);
            await ApproveAsync(s.EntryStore, s.Campaign, entrant.Id);
            // The judge acts just after the close on one instance while a like admitted just before it is still being
            // awarded on another: each sees its own moment.
            var judging = new JudgingService(s.Admin, s.EntryStore, s.Awards, new TableAuditLog(s.Tables), new ManualClock(Start.AddHours(1).AddSeconds(1)),
                s.Issuer, s.Disqualified);

            var judge = Task.Run(async () =>
            {
                try
                {
                    return ((Award?)await judging.AwardAsync(campaignId, "wishes", new JudgingService.JudgedAwardRequest(entrant.Id, "card"), TestAdmins.Named("评委会"),
                        CancellationToken.None), (Problem?)null);
                }
                catch (ProblemException e)
                {
                    return (null, e.Problem);
                }
            });
            var like = Task.Run(() => s.Entries.LikeAsync(campaignId, "zhang-san", entrant, CancellationToken.None));
            var ((judged, refused), liked) = (await judge, await like);

            var theirs = (await s.Awards.ListAsync(campaignId, CancellationToken.None)).Where(a => a.EntrantId == entrant.Id).ToList();
            var only = Assert.Single(theirs);
            Assert.True(liked.Counted);
            if (judged is not null)
            {
                Assert.Null(liked.Prize);
                Assert.Equal((AwardedBy.Judged, judged.AwardId), (only.Mode, only.AwardId));
                outcomes.Add("judged");
            }
            else
            {
                Assert.Equal((409, Problem.TypePrefix + "already-won"), (refused!.Status, refused.Type));
                Assert.Equal((AwardedBy.FirstCome, liked.Prize!.AwardId), (only.Mode, only.AwardId));
                outcomes.Add("first-come");
            }
        }
        Assert.Equal(4, outcomes.Count);
    }

    [Fact]
    public async Task Judging_an_entrant_who_won_a_draw_is_a_409_already_won_that_writes_nothing()
    {
        var s = await DrawScenario.CreateAsync(azurite);
        await PublishHolidayAsync(s, "drawn-first");
        await AnswerAsync(s, "drawn-first", "writer");
        await s.Entries.LeaveMessageAsync("drawn-first", "wishes", new Entrant("writer", false), "祝大家节日快乐", CancellationToken.None);
        s.Clock.Now = Start.AddHours(1).AddMinutes(1); // closed
        await ApproveAsync(new TableEntryStore(s.Tables), await s.CampaignAsync("drawn-first"), "writer");
        s.Clock.Now = Start.AddHours(2).AddMinutes(1); // the draw's time
        await s.Service.TickAsync(CancellationToken.None);
        await s.Queue.DeliverAllAsync(s.Service);
        var drawn = Assert.Single(await s.Awards.ListAsync("drawn-first", CancellationToken.None));
        Assert.Equal(("writer", AwardedBy.Draw), (drawn.EntrantId, drawn.Mode));

        var refused = await Assert.ThrowsAsync<ProblemException>(() => Judging(s).AwardAsync("drawn-first", "wishes",
            new JudgingService.JudgedAwardRequest("writer", "card"), TestAdmins.Named("评委会"), CancellationToken.None));

        Assert.Equal((409, Problem.TypePrefix + "already-won"), (refused.Problem.Status, refused.Problem.Type));
        Assert.Equal(drawn.AwardId, refused.Problem.Extensions!["awardId"]);
        Assert.Equal([drawn.AwardId], (await s.Awards.ListAsync("drawn-first", CancellationToken.None)).Select(a => a.AwardId));
        Assert.Equal(0, await s.Awards.CountAwardedAsync("drawn-first", "card", CancellationToken.None));
    }

    [Fact]
    public async Task A_prize_judged_after_the_cutoff_leaves_the_sealed_set_alone_and_takes_the_draw_prize_away_at_award_time()
    {
        var s = await DrawScenario.CreateAsync(azurite);
        await PublishHolidayAsync(s, "judged-first");
        foreach (var who in new[] { "writer", "solver-1", "solver-2" }) await AnswerAsync(s, "judged-first", who);
        await s.Entries.LeaveMessageAsync("judged-first", "wishes", new Entrant("writer", false), "祝大家节日快乐", CancellationToken.None);
        s.Clock.Now = Start.AddHours(1).AddMinutes(1); // closed: judging time
        var campaign = await s.CampaignAsync("judged-first");
        await ApproveAsync(new TableEntryStore(s.Tables), campaign, "writer");
        var judged = await Judging(s).AwardAsync("judged-first", "wishes", new JudgingService.JudgedAwardRequest("writer", "card"), TestAdmins.Named("评委会"),
            CancellationToken.None);

        s.Clock.Now = Start.AddHours(2).AddMinutes(1);
        await s.Service.TickAsync(CancellationToken.None);
        await s.Queue.DeliverAllAsync(s.Service);

        var entrants = await new TableEntryStore(s.Tables).ScanActivityAsync("judged-first", campaign.EntryBuckets, "riddles", null, CancellationToken.None)
            .ToDictionaryAsync(e => e.Pseudonym, e => e.EntrantId);
        var entrySet = await s.ReadWholeEntrySetAsync("judged-first", "main");
        // The set is sealed as it stood at the cutoff, before the judging: the writer is in it. Had the draw ranked them a
        // winner, that prize passed on at award time ("already-won"): the writer holds one live prize, the judged one.
        Assert.Equal(["solver-1", "solver-2", "writer"], entrySet.Select(e => entrants[e.Pseudonym]).Order());
        var awards = await s.Awards.ListAsync("judged-first", CancellationToken.None);
        Assert.Equal(1, awards.Count(a => a.EntrantId == "writer" && a.Status is AwardStatus.Awarded or AwardStatus.Claimed));
        Assert.All(awards.Where(a => a.EntrantId == "writer" && a.DrawId is not null), a => Assert.Equal(AwardStatus.AlreadyWon, a.Status));
        Assert.Equal(AwardedBy.Judged, judged.Mode);
    }

    [Fact]
    public async Task A_judged_award_racing_a_draws_merge_for_one_entrant_ends_in_one_win_and_a_passed_draw_prize_is_in_the_proof()
    {
        var outcomes = new List<string>();
        for (var round = 0; round < 4; round++)
        {
            var s = await DrawScenario.CreateAsync(azurite);
            var campaignId = $"merge-race-{round}";
            var fans = await SealedWithAlternatesAsync(s, campaignId);
            var campaign = await s.CampaignAsync(campaignId);
            // The first-ranked entrant, known from the sealed set and the seed: they win a pass when the draw runs.
            var sealedDraw = (await s.Draws.FindAsync(campaignId, "main", CancellationToken.None))!;
            var entrySet = await s.ReadWholeEntrySetAsync(campaignId, "main");
            var first = Core.Draws.DrawRanking.Rank(sealedDraw.Seed, campaignId, "main", entrySet, sealedDraw.StartedTiers, sealedDraw.Alternates ?? 0)[0];
            var winner = fans.Single(f => campaign.PseudonymOf(f) == first.Pseudonym);

            // The draw's time: several judges' requests for that entrant at once with the draw's steps, each delivered twice.
            s.Clock.Now = Start.AddHours(2).AddMinutes(1);
            await s.Service.TickAsync(CancellationToken.None);
            var judging = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                try
                {
                    return (Award?)await Judging(s).AwardAsync(campaignId, "wishes", new JudgingService.JudgedAwardRequest(winner, "card"), TestAdmins.Named("评委会"),
                        CancellationToken.None);
                }
                catch (ProblemException e) when (e.Problem.Status == 409)
                {
                    return null;
                }
            })).ToList();
            await Task.Run(() => s.Queue.DeliverAllAsync(s.Service, deliverEachTimes: 2));
            var judged = (await Task.WhenAll(judging)).OfType<Award>().ToList();

            var theirs = (await s.Awards.ListAsync(campaignId, CancellationToken.None)).Where(a => a.EntrantId == winner).ToList();
            var live = Assert.Single(theirs, a => a.Status is AwardStatus.Awarded or AwardStatus.Claimed);
            var drawAward = Assert.Single(theirs, a => a.DrawId is not null);
            s.Clock.Now += TimeSpan.FromHours(1);
            var proof = await s.ProofAsync(campaignId, "main");
            Assert.Equal("drawn", proof.State);
            if (judged.Count > 0)
            {
                // The judge got there first: the draw's prize passed on to the first alternate, in the proof, once
                // however often the merge ran.
                Assert.Equal((AwardedBy.Judged, judged.Single().AwardId), (live.Mode, live.AwardId));
                Assert.Equal(AwardStatus.AlreadyWon, drawAward.Status);
                var pass = Assert.Single(proof.Passes);
                Assert.Equal(("already-won", drawAward.AwardId, proof.Winners + 1), (pass.Reason, pass.FromAwardId, pass.ToRank));
                outcomes.Add("judged");
            }
            else
            {
                // The draw got there first: its second merge found its own marker and passed nothing on.
                Assert.Equal(drawAward.AwardId, live.AwardId);
                Assert.Empty(proof.Passes);
                Assert.Equal(0, await s.Awards.CountAwardedAsync(campaignId, "card", CancellationToken.None));
                outcomes.Add("draw");
            }
        }
        Assert.Equal(4, outcomes.Count);
    }

    private static async Task PublishHolidayAsync(DrawScenario s, string campaignId)
    {
        s.Clock.Now = Start;
        await TestCampaign.Holiday(campaignId, Start, seats: 10).PublishThroughAsync(s.Admin);
    }
}

using FanRewards.Core.Admins;
using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Entries;
using FanRewards.Core.Fraud;
using FanRewards.Storage;

namespace FanRewards.Functions.Tests.Fraud;

/// <summary>
/// A bulk disqualification whose first attempt died half way (Azurite): some entrants' disqualifications were recorded,
/// but their likes were still on the leaderboard and a winner's prize still theirs. The retry finishes them (likes
/// withdrawn once, the prize passed on by the alternate rule) and writes one summary audit row with the request's count.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BulkDisqualificationRetryTests(AzuriteFixture azurite)
{
    private static readonly AdminPrincipal Moderator = new("test-moderator", "刘审核", new HashSet<string> { AdminRoles.Moderator });

    [Fact]
    public async Task A_retry_after_a_first_attempt_that_died_after_the_records_finishes_those_entrants_and_audits_once()
    {
        var scenario = await DrawScenario.CreateAsync(azurite);
        var campaign = await scenario.PublishAsync("half", draws: 1,
            c => c.WithLikeActivity("likes", TestCampaign.ByDraw()).WithCandidate("c1", "劳模甲"));
        var weights = await scenario.EnterAsync(campaign, 30);
        foreach (var id in weights.Keys) await scenario.Entries.LikeAsync(campaign.Id, "c1", new Entrant(id, false), CancellationToken.None);
        await scenario.Figures.FlushAsync(CancellationToken.None);
        await scenario.DrawFirstEveningAsync();
        var drawn = (await scenario.Awards.ListAsync(campaign.Id, CancellationToken.None)).Where(a => a is { Status: AwardStatus.Awarded, DrawId: not null }).ToList();
        var winners = drawn.Select(a => a.EntrantId).Take(2).ToList();
        var bystander = weights.Keys.Order(StringComparer.Ordinal).First(id => drawn.All(a => a.EntrantId != id));
        string[] entrants = [winners[0], winners[1], bystander];
        Assert.Equal(30, await LikesAsync(scenario));

        // The first attempt recorded the first winner and the bystander, then died: no likes withdrawn, no prize passed.
        scenario.Clock.Now = DrawScenario.Start.AddHours(9);
        foreach (var id in new[] { winners[0], bystander })
        {
            Assert.True(await scenario.Disqualified.TryAddAsync(new Disqualification(campaign.Id, id, campaign.PseudonymOf(id), "代答",
                AdminRef.Of(Moderator), scenario.Clock.Now), CancellationToken.None));
        }

        var bulk = new BulkDisqualification(FraudReviews.Of(scenario), scenario.Disqualifications, new TableAuditLog(scenario.Tables));
        var request = new BulkDisqualificationRequest(null, null, entrants, "代答");
        scenario.Clock.Advance(TimeSpan.FromMinutes(1)); // the retry
        var retried = await bulk.DisqualifyAsync(campaign.Id, request, Moderator, CancellationToken.None);
        scenario.Clock.Advance(TimeSpan.FromMinutes(1)); // and once more: nothing changes
        await bulk.DisqualifyAsync(campaign.Id, request, Moderator, CancellationToken.None);

        Assert.Equal((1, 2), (retried.Disqualified, retried.AlreadyDisqualified)); // the answer lists those this request recorded
        Assert.Equal(30 - entrants.Length, await LikesAsync(scenario));
        var awards = await scenario.Awards.ListAsync(campaign.Id, CancellationToken.None);
        Assert.All(winners, id => Assert.DoesNotContain(awards, a => a.EntrantId == id && a.Status == AwardStatus.Awarded));
        Assert.Equal(drawn.Count, awards.Count(a => a is { Status: AwardStatus.Awarded, DrawId: not null })); // both prizes passed on
        Assert.Equal(["disqualified", "disqualified"], (await scenario.ProofAsync(campaign.Id, "evening")).Passes.Select(p => p.Reason));
        var audit = await scenario.Campaigns.ListAuditAsync(campaign.Id, 500, CancellationToken.None);
        var summary = Assert.Single(audit, a => a.Code == AuditCodes.EntrantsDisqualified);
        Assert.Equal("3", summary.Args["count"]);
        Assert.Equal(entrants.Length, audit.Count(a => a.Code == AuditCodes.EntrantDisqualified));
    }

    [Fact]
    public async Task A_request_naming_only_entrants_others_disqualified_writes_no_summary_and_a_mixed_one_counts_its_own()
    {
        var scenario = await DrawScenario.CreateAsync(azurite);
        var campaign = await scenario.PublishAsync("others", draws: 1);
        var entrants = (await scenario.EnterAsync(campaign, 4)).Keys.Order(StringComparer.Ordinal).ToArray();
        var otherModerator = new AdminPrincipal("other-moderator", "张审核", new HashSet<string> { AdminRoles.Moderator });
        var bulk = new BulkDisqualification(FraudReviews.Of(scenario), scenario.Disqualifications, new TableAuditLog(scenario.Tables));
        scenario.Clock.Now = DrawScenario.Start.AddHours(1);
        await bulk.DisqualifyAsync(campaign.Id, new BulkDisqualificationRequest(null, null, entrants[..2], "刷票"), otherModerator, CancellationToken.None);

        scenario.Clock.Advance(TimeSpan.FromMinutes(1));
        var nothingNew = await bulk.DisqualifyAsync(campaign.Id, new BulkDisqualificationRequest(null, null, entrants[..2], "代答"), Moderator,
            CancellationToken.None);
        var mixed = await bulk.DisqualifyAsync(campaign.Id, new BulkDisqualificationRequest(null, null, entrants[1..3], "代答"), Moderator,
            CancellationToken.None);

        Assert.Equal((0, 2), (nothingNew.Disqualified, nothingNew.AlreadyDisqualified));
        Assert.Equal((1, 1), (mixed.Disqualified, mixed.AlreadyDisqualified));
        var summaries = (await scenario.Campaigns.ListAuditAsync(campaign.Id, 500, CancellationToken.None))
            .Where(a => a.Code == AuditCodes.EntrantsDisqualified).ToList();
        Assert.Equal(["1 代答 test-moderator", "2 刷票 other-moderator"],
            summaries.Select(a => $"{a.Args["count"]} {a.Args["reason"]} {a.ActorId}").Order(StringComparer.Ordinal));
    }

    private static async Task<long> LikesAsync(DrawScenario scenario) =>
        (await new TableFigureStore(scenario.Tables).ReadBoardAsync("half", "likes", null, CancellationToken.None)).Single(c => c.CandidateId == "c1").Count;
}

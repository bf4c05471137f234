using FanRewards.Core;
using FanRewards.Core.Admins;
using FanRewards.Core.Awards;
using FanRewards.Functions.Http;
using FanRewards.Functions.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FanRewards.Functions.Awards;

/// <summary>Prizes given after entries close: judged picks by an admin, and the top N of a leaderboard.</summary>
public sealed class AwardFunctions(JudgingService judging, TopNService topN, TopNSchedule topNSchedule, TimeProvider clock, InstantWinProofs instantWinProofs, PublicReadOptions reads, IAdminGate gate, ILogger<AwardFunctions> logger)
{
    /// <summary>
    /// An instant-win activity's commitment, probability and, once entries have closed, its seed: with it every entrant
    /// recomputes u for their own entries (docs/FAIRNESS.md) and sees whether they should have won.
    /// </summary>
    [Function(nameof(GetInstantWinProof))]
    public Task<IActionResult> GetInstantWinProof(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "campaigns/{campaignId}/activities/{activityId}/instant-proof")] HttpRequest request,
        string campaignId, string activityId) =>
        HttpEndpoint.RunAsync(request, logger, async ct => PublicResponse.Json(await instantWinProofs.GetAsync(
            Ids.Require(campaignId, nameof(campaignId)), Ids.Require(activityId, nameof(activityId)), ct), reads.CampaignMaxAge));

    /// <summary>
    /// An admin's pick, answered as the organiser's awards list shows an award (times in the campaign's zone, a short
    /// pseudonym, no voucher code or storage fields), whether the campaign is public yet or not.
    /// </summary>
    [Function(nameof(JudgeAward))]
    [AdminRoute(AdminRoles.Moderator)]
    public Task<IActionResult> JudgeAward(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/campaigns/{campaignId}/activities/{activityId}/awards")] HttpRequest request,
        string campaignId, string activityId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            var actor = await gate.AdmitAsync(request, nameof(JudgeAward));
            var (campaign, activity) = (Ids.Require(campaignId, nameof(campaignId)), Ids.Require(activityId, nameof(activityId)));
            var body = await HttpBody.ReadJsonAsync<JudgingService.JudgedAwardRequest>(request, ct, 4 * 1024);
            return new JsonBodyResult(await judging.AwardViewAsync(campaign, activity, body, actor, ct), StatusCodes.Status201Created);
        });

    /// <summary>
    /// Every minute: each top-N activity of a campaign that has closed (found through the due index) and is not done gets
    /// a queued step, once; again only if it is still not done long after (a lost message).
    /// </summary>
    [Function(nameof(ScheduleTopN))]
    public async Task ScheduleTopN([TimerTrigger("30 * * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        await topNSchedule.EnqueueDueAsync(cancellationToken);

    /// <summary>Ranks one top-N activity and gives its prizes; a redelivered message finds the same awards already given.</summary>
    [Function(nameof(AwardTopN))]
    public async Task AwardTopN([QueueTrigger(TopNQueue.Name)] TopNStep step, CancellationToken cancellationToken)
    {
        var awarded = await topN.AwardAsync(step, cancellationToken);
        if (awarded > 0) logger.LogInformation("Top-N awards for {CampaignId}/{ActivityId}: {Count} at {Time}", step.CampaignId, step.ActivityId, awarded, clock.GetUtcNow());
    }
}

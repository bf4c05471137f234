using FanRewards.Core;
using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FanRewards.Functions.Awards;

/// <summary>Prizes given after entries close: judged picks by an admin, and the top N of a leaderboard.</summary>
public sealed class AwardFunctions(JudgingService judging, TopNService topN, PublicCampaignCatalog catalog, TimeProvider clock,
    IInstantSeedStore instantSeeds, Azure.Storage.Queues.QueueServiceClient queues, ILogger<AwardFunctions> logger)
{
    public const string TopNQueue = "award-topn";

    /// <summary>
    /// An instant-win activity's commitment, probability and, once entries have closed, its seed: with it every entrant
    /// recomputes u for their own entries (docs/FAIRNESS.md) and sees whether they should have won.
    /// </summary>
    [Function(nameof(GetInstantWinProof))]
    public Task<IActionResult> GetInstantWinProof(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "campaigns/{campaignId}/activities/{activityId}/instant-proof")] HttpRequest request,
        string campaignId, string activityId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            var (id, activity) = (Ids.Require(campaignId, nameof(campaignId)), Ids.Require(activityId, nameof(activityId)));
            var campaign = await catalog.FindVisibleAsync(id, ct) ?? throw new ProblemException(Problem.NotFound("campaign", id));
            var definition = (campaign.Definition.Activities ?? []).FirstOrDefault(a => a.Id == activity && a.Award?.Mode == AwardMode.Instant)
                             ?? throw new ProblemException(Problem.NotFound("instant-win activity", activity));
            var closed = campaign.StatusAt(clock.GetUtcNow()) is CampaignStatus.Closed or CampaignStatus.Drawn or CampaignStatus.Archived;
            var seed = closed ? await instantSeeds.FindSeedAsync(campaign.Id, activity, ct) : null;
            return new JsonBodyResult(new
            {
                campaignId = campaign.Id, activityId = activity, winProbability = definition.Award!.WinProbability,
                commitment = campaign.DrawCommitments.GetValueOrDefault(InstantWin.DrawIdFor(activity)),
                seed = seed is null ? null : Convert.ToHexStringLower(seed),
                message = $"{campaign.Id}|{InstantWin.DrawIdFor(activity)}|{{your entry key}}",
            });
        });

    [Function(nameof(JudgeAward))]
    public Task<IActionResult> JudgeAward(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "manage/campaigns/{campaignId}/activities/{activityId}/awards")] HttpRequest request,
        string campaignId, string activityId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            var (campaign, activity) = (Ids.Require(campaignId, nameof(campaignId)), Ids.Require(activityId, nameof(activityId)));
            var actor = HttpEndpoint.Actor(request);
            var body = await HttpBody.ReadJsonAsync<JudgingService.JudgedAwardRequest>(request, ct, 4 * 1024);
            var award = await judging.AwardAsync(campaign, activity, body, actor, ct);
            catalog.Forget(campaign);
            var visible = await catalog.FindVisibleAsync(campaign, ct);
            return new JsonBodyResult(visible is null ? award : MyAward.From(award, visible), StatusCodes.Status201Created);
        });

    /// <summary>Every minute: each top-N activity of a closed campaign with prizes still to give gets a queued step.</summary>
    [Function(nameof(ScheduleTopN))]
    public async Task ScheduleTopN([TimerTrigger("30 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var due = await topN.FindDueAsync(cancellationToken);
        if (due.Count == 0) return;
        var queue = queues.GetQueueClient(TopNQueue);
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        foreach (var step in due)
            await queue.SendMessageAsync(System.Text.Json.JsonSerializer.Serialize(step, FanRewards.Core.Json.FanRewardsJson.Options), cancellationToken);
    }

    /// <summary>Ranks one top-N activity and gives its prizes; a redelivered message finds the same awards already given.</summary>
    [Function(nameof(AwardTopN))]
    public async Task AwardTopN([QueueTrigger(TopNQueue)] TopNStep step, CancellationToken cancellationToken)
    {
        var awarded = await topN.AwardAsync(step, cancellationToken);
        if (awarded > 0) logger.LogInformation("Top-N awards for {CampaignId}/{ActivityId}: {Count} at {Time}", step.CampaignId, step.ActivityId, awarded, clock.GetUtcNow());
    }
}

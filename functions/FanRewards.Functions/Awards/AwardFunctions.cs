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
    ILogger<AwardFunctions> logger)
{
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

    /// <summary>Every minute: campaigns whose entries have closed get their top-N prizes.</summary>
    [Function(nameof(AwardTopN))]
    public async Task AwardTopN([TimerTrigger("30 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var awarded = await topN.AwardClosedAsync(cancellationToken);
        if (awarded > 0) logger.LogInformation("Top-N awards written: {Count} at {Time}", awarded, clock.GetUtcNow());
    }
}

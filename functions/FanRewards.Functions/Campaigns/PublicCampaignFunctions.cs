using FanRewards.Core;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Draws;
using FanRewards.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace FanRewards.Functions.Campaigns;

/// <summary>What anyone can read without signing in: published campaigns and their rules.</summary>
public sealed class PublicCampaignFunctions(
    PublicCampaignCatalog catalog, PublishedDrawResults draws, HealthCheckService health, TimeProvider clock, PublicReadOptions reads,
    ILogger<PublicCampaignFunctions> logger)
{
    [Function(nameof(Health))]
    public Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
            (await health.CheckHealthAsync(ct)).Status == HealthStatus.Healthy
                ? new JsonBodyResult(new { status = "healthy", storage = "ok", time = clock.GetUtcNow() })
                : JsonBodyResult.Problem(new Problem(Problem.TypePrefix + "unhealthy", 503, "Storage is not reachable.",
                    "The service cannot read its tables right now.")));

    [Function(nameof(ListPublicCampaigns))]
    public Task<IActionResult> ListPublicCampaigns(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "campaigns")] HttpRequest request) =>
        HttpEndpoint.RunAsync(request, logger, async ct => PublicResponse.Json(await catalog.ListVisibleAsync(ct), reads.CampaignMaxAge));

    [Function(nameof(GetPublicCampaign))]
    public Task<IActionResult> GetPublicCampaign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "campaigns/{campaignId}")] HttpRequest request, string campaignId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            var id = Ids.Require(campaignId, nameof(campaignId));
            var campaign = await catalog.FindVisibleAsync(id, ct) ?? throw new ProblemException(Problem.NotFound("campaign", id));
            return PublicResponse.Json(await draws.GetCampaignPageAsync(campaign, ct));
        });
}

using FanRewards.Core;
using FanRewards.Core.Admins;
using FanRewards.Core.Fraud;
using FanRewards.Functions.Http;
using FanRewards.Functions.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FanRewards.Functions.Fraud;

/// <summary>Fraud review before the seal: the suspicious clusters of a campaign, and disqualifying them in bulk.</summary>
public sealed class FraudFunctions(FraudReview review, BulkDisqualification disqualification, IAdminGate gate, ILogger<FraudFunctions> logger)
{
    private const string Campaign = "manage/campaigns/{campaignId}";

    /// <summary>A thousand entrant ids of 128 characters and a reason fit with room to spare.</summary>
    private const int BodyLimit = 256 * 1024;

    [Function(nameof(ListSuspicious))]
    [AdminRoute(AdminRoles.Moderator, AdminRoles.Auditor)]
    public Task<IActionResult> ListSuspicious(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Campaign + "/suspicious")] HttpRequest request, string campaignId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            _ = await gate.AdmitAsync(request, nameof(ListSuspicious));
            return new JsonBodyResult(await review.GetAsync(Ids.Require(campaignId, nameof(campaignId)), ct));
        });

    [Function(nameof(DisqualifyInBulk))]
    [AdminRoute(AdminRoles.Moderator)]
    public Task<IActionResult> DisqualifyInBulk(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Campaign + "/disqualifications")] HttpRequest request, string campaignId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            var admin = await gate.AdmitAsync(request, nameof(DisqualifyInBulk));
            var id = Ids.Require(campaignId, nameof(campaignId));
            var body = await HttpBody.ReadJsonAsync<BulkDisqualificationRequest>(request, ct, BodyLimit);
            return new JsonBodyResult(await disqualification.DisqualifyAsync(id, body, admin, ct));
        });
}

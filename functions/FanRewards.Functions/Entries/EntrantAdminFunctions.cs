using FanRewards.Core;
using FanRewards.Core.Admins;
using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Entries;
using FanRewards.Core.Json;
using FanRewards.Functions.Http;
using FanRewards.Functions.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FanRewards.Functions.Entries;

/// <summary>Admin work on entries: the moderation queue for messages and reflections, and disqualifying cheats.</summary>
public sealed class EntrantAdminFunctions(
    ModerationService moderation, DisqualifiedWinners disqualifications, IDisqualificationStore disqualified,
    CampaignAdminService campaigns, IAdminGate gate, ILogger<EntrantAdminFunctions> logger)
{
    private const string Campaign = "manage/campaigns/{campaignId}";

    public sealed record DisqualifyRequest(string? Reason);

    [Function(nameof(ListMessages))]
    [AdminRoute(AdminRoles.Moderator, AdminRoles.Auditor)]
    public Task<IActionResult> ListMessages(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Campaign + "/messages")] HttpRequest request, string campaignId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            var admin = await gate.AdmitAsync(request, nameof(ListMessages));
            var id = Ids.Require(campaignId, nameof(campaignId));
            var activityId = request.Query["activityId"].ToString() is { Length: > 0 } a ? Ids.Require(a, "activityId") : null;
            var status = request.Query["status"].ToString() is { Length: > 0 } s ? s : WireName.Of(EntryStatus.Pending);
            var page = PageRequest.From(request, PageRule.AdminList);
            var items = await moderation.ListAsync(id, status, activityId, page.Limit, ct);
            // Entrant ids are whole for moderators (they decide by them) only: the auditor reads everything masked.
            return new JsonBodyResult(admin.Has(AdminRoles.Moderator) ? items : items.Select(i => i.WithEntrantMasked()).ToList());
        });

    [Function(nameof(ApproveMessage))]
    [AdminRoute(AdminRoles.Moderator)]
    public Task<IActionResult> ApproveMessage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Campaign + "/messages/{activityId}/{entrantId}/approve")] HttpRequest request,
        string campaignId, string activityId, string entrantId) => Decide(request, nameof(ApproveMessage), campaignId, activityId, entrantId, approve: true);

    [Function(nameof(RejectMessage))]
    [AdminRoute(AdminRoles.Moderator)]
    public Task<IActionResult> RejectMessage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Campaign + "/messages/{activityId}/{entrantId}/reject")] HttpRequest request,
        string campaignId, string activityId, string entrantId) => Decide(request, nameof(RejectMessage), campaignId, activityId, entrantId, approve: false);

    [Function(nameof(DisqualifyEntrant))]
    [AdminRoute(AdminRoles.Moderator)]
    public Task<IActionResult> DisqualifyEntrant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Campaign + "/entrants/{entrantId}/disqualify")] HttpRequest request,
        string campaignId, string entrantId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            var actor = await gate.AdmitAsync(request, nameof(DisqualifyEntrant));
            var id = Ids.Require(campaignId, nameof(campaignId));
            var body = await HttpBody.ReadJsonAsync<DisqualifyRequest>(request, ct, 8 * 1024);
            return new JsonBodyResult(await disqualifications.DisqualifyAsync(id, entrantId, body.Reason, actor, ct));
        });

    [Function(nameof(ListDisqualifications))]
    [AdminRoute(AdminRoles.Moderator, AdminRoles.Auditor)]
    public Task<IActionResult> ListDisqualifications(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Campaign + "/disqualifications")] HttpRequest request, string campaignId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            var admin = await gate.AdmitAsync(request, nameof(ListDisqualifications));
            var campaign = await campaigns.GetAsync(Ids.Require(campaignId, nameof(campaignId)), ct);
            var zone = campaign.Campaign.Zone;
            var whole = admin.Has(AdminRoles.Moderator); // the auditor reads entrant ids masked
            return new JsonBodyResult((await disqualified.ListAsync(campaign.Campaign.Id, ct))
                .Select(d => (whole ? d : d.WithEntrantMasked()) with { At = CampaignTime.InZone(d.At, zone) }).ToList());
        });

    private Task<IActionResult> Decide(HttpRequest request, string function, string campaignId, string activityId, string entrantId, bool approve) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            var actor = await gate.AdmitAsync(request, function);
            var (campaign, activity) = (Ids.Require(campaignId, nameof(campaignId)), Ids.Require(activityId, nameof(activityId)));
            if (!Entrant.IsValidId(entrantId)) throw new ProblemException(Problem.InvalidId(nameof(entrantId), entrantId, Entrant.IdRule));
            return new JsonBodyResult(await moderation.DecideAsync(campaign, activity, entrantId, approve, actor, ct));
        });
}

using FanRewards.Core;
using FanRewards.Core.Admins;
using FanRewards.Core.Approvals;
using FanRewards.Core.Campaigns;
using FanRewards.Functions.Http;
using FanRewards.Functions.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FanRewards.Functions.Campaigns;

/// <summary>Campaign administration, behind the admin gate (a token with the route's role). The host reserves the "admin" prefix, so ours is "manage".</summary>
public sealed class AdminCampaignFunctions(CampaignAdminService campaigns, ApprovalService approvals, IAdminGate gate, TimeProvider clock,
    ILogger<AdminCampaignFunctions> logger)
{
    private const string Campaign = "manage/campaigns/{campaignId}";

    [Function(nameof(CreateCampaign))]
    [AdminRoute(AdminRoles.CampaignEditor)]
    public Task<IActionResult> CreateCampaign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/campaigns")] HttpRequest request) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            var actor = await gate.AdmitAsync(request, nameof(CreateCampaign));
            var definition = await HttpBody.ReadJsonAsync<CampaignDefinition>(request, ct);
            var created = await campaigns.CreateAsync(definition, actor, ct);
            return View(created, StatusCodes.Status201Created, location: $"/api/manage/campaigns/{created.Campaign.Id}");
        });

    [Function(nameof(ListCampaigns))]
    [AdminRoute(AdminRoles.CampaignEditor, AdminRoles.Publisher, AdminRoles.Moderator, AdminRoles.DrawOperator, AdminRoles.Fulfilment, AdminRoles.Auditor)]
    public Task<IActionResult> ListCampaigns(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/campaigns")] HttpRequest request) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            await gate.AdmitAsync(request, nameof(ListCampaigns));
            var now = clock.GetUtcNow();
            var all = await campaigns.ListAsync(ct);
            return new JsonBodyResult(all.Select(s => CampaignListItem.From(s.Campaign, now)).OrderBy(c => c.Id, StringComparer.Ordinal).ToList());
        });

    [Function(nameof(GetCampaign))]
    [AdminRoute(AdminRoles.CampaignEditor, AdminRoles.Publisher, AdminRoles.Moderator, AdminRoles.DrawOperator, AdminRoles.Fulfilment, AdminRoles.Auditor)]
    public Task<IActionResult> GetCampaign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Campaign)] HttpRequest request, string campaignId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            await gate.AdmitAsync(request, nameof(GetCampaign));
            return View(await campaigns.GetAsync(Ids.Require(campaignId, nameof(campaignId)), ct));
        });

    [Function(nameof(UpdateCampaign))]
    [AdminRoute(AdminRoles.CampaignEditor)]
    public Task<IActionResult> UpdateCampaign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Campaign)] HttpRequest request, string campaignId) =>
        Change(request, nameof(UpdateCampaign), campaignId, async (id, actor, ct) =>
        {
            var definition = await HttpBody.ReadJsonAsync<CampaignDefinition>(request, ct);
            return await campaigns.UpdateAsync(id, definition, HttpEndpoint.IfMatch(request), actor, ct);
        });

    [Function(nameof(ReplaceRiddles))]
    [AdminRoute(AdminRoles.CampaignEditor)]
    public Task<IActionResult> ReplaceRiddles(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Campaign + "/riddles")] HttpRequest request, string campaignId) =>
        Change(request, nameof(ReplaceRiddles), campaignId, async (id, actor, ct) =>
            await campaigns.ReplaceRiddlesAsync(id, await HttpBody.ReadJsonAsync<List<RiddleDefinition>>(request, ct),
                HttpEndpoint.IfMatch(request), actor, ct));

    [Function(nameof(ReplaceCandidates))]
    [AdminRoute(AdminRoles.CampaignEditor)]
    public Task<IActionResult> ReplaceCandidates(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Campaign + "/candidates")] HttpRequest request, string campaignId) =>
        Change(request, nameof(ReplaceCandidates), campaignId, async (id, actor, ct) =>
            await campaigns.ReplaceCandidatesAsync(id, await HttpBody.ReadJsonAsync<List<CandidateDefinition>>(request, ct),
                HttpEndpoint.IfMatch(request), actor, ct));

    [Function(nameof(ReplacePrizes))]
    [AdminRoute(AdminRoles.CampaignEditor)]
    public Task<IActionResult> ReplacePrizes(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Campaign + "/prizes")] HttpRequest request, string campaignId) =>
        Change(request, nameof(ReplacePrizes), campaignId, async (id, actor, ct) =>
            await campaigns.ReplacePrizesAsync(id, await HttpBody.ReadJsonAsync<List<PrizeDefinition>>(request, ct),
                HttpEndpoint.IfMatch(request), actor, ct));

    [Function(nameof(PublishCampaign))]
    [AdminRoute(AdminRoles.Publisher)]
    public Task<IActionResult> PublishCampaign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Campaign + "/publish")] HttpRequest request, string campaignId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            var admin = await gate.AdmitAsync(request, nameof(PublishCampaign));
            var id = Ids.Require(campaignId, nameof(campaignId));
            var ifMatch = HttpEndpoint.IfMatch(request);
            // Four eyes (the campaign's fourEyes, on by default): a request that another publisher approves.
            if (await approvals.RequestPublishIfRequiredAsync(id, ifMatch, admin, ct) is { } pending)
                return new JsonBodyResult(pending, StatusCodes.Status202Accepted) { Location = $"/api/manage/campaigns/{id}/approvals" };
            return View(await campaigns.PublishAsync(id, ifMatch, admin, ct));
        });

    [Function(nameof(CloseCampaign))]
    [AdminRoute(AdminRoles.Publisher)]
    public Task<IActionResult> CloseCampaign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Campaign + "/close")] HttpRequest request, string campaignId) =>
        Change(request, nameof(CloseCampaign), campaignId, (id, actor, ct) => campaigns.CloseAsync(id, HttpEndpoint.IfMatch(request), actor, ct));

    [Function(nameof(ArchiveCampaign))]
    [AdminRoute(AdminRoles.Publisher)]
    public Task<IActionResult> ArchiveCampaign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Campaign + "/archive")] HttpRequest request, string campaignId) =>
        Change(request, nameof(ArchiveCampaign), campaignId, (id, actor, ct) => campaigns.ArchiveAsync(id, HttpEndpoint.IfMatch(request), actor, ct));

    [Function(nameof(GetCampaignAudit))]
    [AdminRoute(AdminRoles.CampaignEditor, AdminRoles.Publisher, AdminRoles.Moderator, AdminRoles.DrawOperator, AdminRoles.Fulfilment, AdminRoles.Auditor)]
    public Task<IActionResult> GetCampaignAudit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Campaign + "/audit")] HttpRequest request, string campaignId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            await gate.AdmitAsync(request, nameof(GetCampaignAudit));
            var id = Ids.Require(campaignId, nameof(campaignId));
            var page = PageRequest.From(request, PageRule.AdminList);
            var stored = await campaigns.GetAsync(id, ct);
            return new JsonBodyResult((await campaigns.ListAuditAsync(stored.Campaign.Id, page.Limit, ct))
                .Select(e => AuditView.From(e, stored.Campaign.Zone)).ToList());
        });

    /// <param name="function">The calling [Function]'s name, whose [AdminRoute] the gate checks.</param>
    private Task<IActionResult> Change(HttpRequest request, string function, string campaignId,
        Func<string, AdminPrincipal, CancellationToken, Task<StoredCampaign>> change) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            var actor = await gate.AdmitAsync(request, function);
            var id = Ids.Require(campaignId, nameof(campaignId));
            return View(await change(id, actor, ct));
        });

    private JsonBodyResult View(StoredCampaign stored, int status = StatusCodes.Status200OK, string? location = null) =>
        new(AdminCampaignView.From(stored, clock.GetUtcNow()), status) { ETag = stored.ETag, Location = location };
}

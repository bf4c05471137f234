using FanRewards.Core;
using FanRewards.Core.Admins;
using FanRewards.Core.Approvals;
using FanRewards.Core.Campaigns;
using FanRewards.Core.DataAccess;
using FanRewards.Functions.Http;
using FanRewards.Functions.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FanRewards.Functions.Approvals;

/// <summary>
/// Four eyes (approvals of publishing and of running a draw by hand) and the record of who looked at personal data.
/// Approving and cancelling are open to publishers and draw operators; the service checks the role of the action itself.
/// </summary>
public sealed class ApprovalFunctions(ApprovalService approvals, PersonalDataAccess dataAccess, CampaignAdminService campaigns, IAdminGate gate,
    ILogger<ApprovalFunctions> logger)
{
    private const string Campaign = "manage/campaigns/{campaignId}";

    [Function(nameof(ListApprovals))]
    [AdminRoute(AdminRoles.CampaignEditor, AdminRoles.Publisher, AdminRoles.Moderator, AdminRoles.DrawOperator, AdminRoles.Fulfilment, AdminRoles.Auditor)]
    public Task<IActionResult> ListApprovals(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Campaign + "/approvals")] HttpRequest request, string campaignId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            await gate.AdmitAsync(request, nameof(ListApprovals));
            return new JsonBodyResult(new { items = await approvals.ListAsync(Ids.Require(campaignId, nameof(campaignId)), ct) });
        });

    [Function(nameof(ApproveRequest))]
    [AdminRoute(AdminRoles.Publisher, AdminRoles.DrawOperator)]
    public Task<IActionResult> ApproveRequest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Campaign + "/approvals/{approvalId}/approve")] HttpRequest request,
        string campaignId, string approvalId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            var admin = await gate.AdmitAsync(request, nameof(ApproveRequest));
            var route = ApprovalRoute.Of(campaignId, approvalId);
            return new JsonBodyResult(await approvals.ApproveAsync(route.CampaignId, route.ApprovalId, admin, ct));
        });

    [Function(nameof(CancelApproval))]
    [AdminRoute(AdminRoles.Publisher, AdminRoles.DrawOperator)]
    public Task<IActionResult> CancelApproval(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Campaign + "/approvals/{approvalId}/cancel")] HttpRequest request,
        string campaignId, string approvalId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            var admin = await gate.AdmitAsync(request, nameof(CancelApproval));
            var route = ApprovalRoute.Of(campaignId, approvalId);
            return new JsonBodyResult(await approvals.CancelAsync(route.CampaignId, route.ApprovalId, admin, ct));
        });

    /// <summary>Who exported personal data of the campaign, when, how many rows and why: for the auditor.</summary>
    [Function(nameof(ListDataAccess))]
    [AdminRoute(AdminRoles.Auditor)]
    public Task<IActionResult> ListDataAccess(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Campaign + "/data-access")] HttpRequest request, string campaignId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            await gate.AdmitAsync(request, nameof(ListDataAccess));
            var page = PageRequest.From(request, PageRule.AdminList);
            var campaign = (await campaigns.GetAsync(Ids.Require(campaignId, nameof(campaignId)), ct)).Campaign;
            return new JsonBodyResult(new { items = await dataAccess.ListAsync(campaign, page.Limit, ct) });
        });
}

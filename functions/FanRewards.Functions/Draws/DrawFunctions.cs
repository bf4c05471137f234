using FanRewards.Core;
using FanRewards.Core.Admins;
using FanRewards.Core.Approvals;
using FanRewards.Core.Campaigns;
using FanRewards.Core.DataAccess;
using FanRewards.Core.Draws;
using FanRewards.Core.Exports;
using FanRewards.Functions.Http;
using FanRewards.Functions.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FanRewards.Functions.Draws;

/// <summary>What anyone can check about a draw (proof, entry set, winners) and what an admin can do (see, run, export).</summary>
public sealed class DrawFunctions(DrawRunner runner, DrawQueries draws, PublishedDrawResults results, PublicCampaignCatalog catalog,
    ApprovalService approvals, PersonalDataAccess dataAccess, IAdminGate gate, ILogger<DrawFunctions> logger)
{
    [Function(nameof(GetDrawProof))]
    public Task<IActionResult> GetDrawProof(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "campaigns/{campaignId}/draws/{drawId}/proof")] HttpRequest request,
        string campaignId, string drawId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
            PublicResponse.Json(await results.GetProofAsync(await VisibleAsync(campaignId, ct), Ids.Require(drawId, nameof(drawId)), ct)));

    [Function(nameof(GetDrawEntries))]
    public Task<IActionResult> GetDrawEntries(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "campaigns/{campaignId}/draws/{drawId}/entries")] HttpRequest request,
        string campaignId, string drawId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            var (id, draw) = (Ids.Require(campaignId, nameof(campaignId)), Ids.Require(drawId, nameof(drawId)));
            var page = PageRequest.From(request, PageRule.DrawEntries);
            var campaign = await VisibleAsync(id, ct);
            return PublicResponse.Json(await results.GetEntryPageAsync(campaign, draw, page.After, page.Limit, ct));
        });

    [Function(nameof(GetWinners))]
    public Task<IActionResult> GetWinners(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "campaigns/{campaignId}/winners")] HttpRequest request, string campaignId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
            PublicResponse.Json(await results.GetWinnersAsync(await VisibleAsync(campaignId, ct), ct)));

    [Function(nameof(ListDraws))]
    [AdminRoute(AdminRoles.CampaignEditor, AdminRoles.Publisher, AdminRoles.Moderator, AdminRoles.DrawOperator, AdminRoles.Fulfilment, AdminRoles.Auditor)]
    public Task<IActionResult> ListDraws(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/campaigns/{campaignId}/draws")] HttpRequest request, string campaignId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            await gate.AdmitAsync(request, nameof(ListDraws));
            return new JsonBodyResult(await draws.ListAsync(Ids.Require(campaignId, nameof(campaignId)), ct));
        });

    [Function(nameof(RunDraw))]
    [AdminRoute(AdminRoles.DrawOperator)]
    public Task<IActionResult> RunDraw(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/campaigns/{campaignId}/draws/{drawId}/run")] HttpRequest request,
        string campaignId, string drawId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            var admin = await gate.AdmitAsync(request, nameof(RunDraw));
            var (campaign, draw) = (Ids.Require(campaignId, nameof(campaignId)), Ids.Require(drawId, nameof(drawId)));
            // Four eyes (the campaign's fourEyes, on by default): a request that another draw operator approves.
            if (await approvals.RequestRunIfRequiredAsync(campaign, draw, admin, ct) is { } pending)
                return new JsonBodyResult(pending, StatusCodes.Status202Accepted) { Location = $"/api/manage/campaigns/{campaign}/approvals" };
            var status = await runner.RequestRunAsync(campaign, draw, admin, ct);
            return new JsonBodyResult(status, StatusCodes.Status202Accepted) { Location = $"/api/manage/campaigns/{campaign}/draws" };
        });

    /// <summary>
    /// Every ranked entry with the entrant behind it, for fulfilment; a spreadsheet opens it as UTF-8 thanks to the BOM.
    /// Personal data: it takes a reason and is recorded (who, when, how many rows, why) before the file is sent.
    /// </summary>
    [Function(nameof(ExportWinners))]
    [AdminRoute(AdminRoles.Fulfilment)]
    public Task<IActionResult> ExportWinners(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/campaigns/{campaignId}/draws/{drawId}/winners.csv")] HttpRequest request,
        string campaignId, string drawId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            var admin = await gate.AdmitAsync(request, nameof(ExportWinners));
            var (campaign, draw) = (Ids.Require(campaignId, nameof(campaignId)), Ids.Require(drawId, nameof(drawId)));
            var reason = PersonalDataAccess.RequireReason(request.Query["reason"]);
            var ranked = await draws.GetRankedWithEntrantsAsync(campaign, draw, ct);
            var export = WinnersExport.For(campaign, draw, ranked);
            await dataAccess.RecordAsync(campaign, admin, export.FileName, ranked.Count, reason, ct);
            return new CsvFileResult(export);
        });

    private async Task<Campaign> VisibleAsync(string campaignId, CancellationToken ct)
    {
        var id = Ids.Require(campaignId, nameof(campaignId));
        return await catalog.FindVisibleAsync(id, ct) ?? throw new ProblemException(Problem.NotFound("campaign", id));
    }
}

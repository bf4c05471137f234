using FanRewards.Core;
using FanRewards.Core.Admins;
using FanRewards.Core.Awards;
using FanRewards.Core.DataAccess;
using FanRewards.Core.Entries;
using FanRewards.Core.Exports;
using FanRewards.Functions.Http;
using FanRewards.Functions.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FanRewards.Functions.Awards;

/// <summary>Winners claim or decline their prizes; a timer passes unclaimed ones on; admins see every award and export contacts.</summary>
public sealed class ClaimFunctions(
    ClaimService claims, EntrantGate gate, IAdminGate admins, PersonalDataAccess dataAccess, ILogger<ClaimFunctions> logger)
{
    [Function(nameof(ClaimPrize))]
    public Task<IActionResult> ClaimPrize(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/campaigns/{campaignId}/claims")] HttpRequest request, string campaignId) =>
        AsEntrant(request, async (entrant, ct) =>
        {
            var id = Ids.Require(campaignId, nameof(campaignId));
            var body = await HttpBody.ReadJsonAsync<ClaimRequest>(request, ct, 8 * 1024);
            return new JsonBodyResult(await claims.ClaimAsync(id, entrant, body, ct));
        });

    [Function(nameof(DeclinePrize))]
    public Task<IActionResult> DeclinePrize(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/campaigns/{campaignId}/claims/decline")] HttpRequest request,
        string campaignId) =>
        AsEntrant(request, async (entrant, ct) =>
            new JsonBodyResult(await claims.DeclineAsync(Ids.Require(campaignId, nameof(campaignId)), entrant, ct)));

    /// <summary>
    /// Every minute: prizes unclaimed at their deadline pass to the next alternate, voucher codes uploaded late are issued,
    /// expired contact data is deleted; all found through the due index, so a minute with nothing due reads only that.
    /// </summary>
    [Function(nameof(ClaimSweep))]
    public async Task ClaimSweep([TimerTrigger("0 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var (passed, deleted) = await claims.SweepAsync(cancellationToken);
        if (passed + deleted > 0) logger.LogInformation("Claim sweep: {Passed} prizes passed on, {Deleted} contacts deleted", passed, deleted);
    }

    /// <summary>Every award of a campaign with its status; contacts masked (the CSV export is the one place they are whole).</summary>
    [Function(nameof(ListAwards))]
    [AdminRoute(AdminRoles.Fulfilment, AdminRoles.Auditor)]
    public Task<IActionResult> ListAwards(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/campaigns/{campaignId}/awards")] HttpRequest request, string campaignId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            var admin = await admins.AdmitAsync(request, nameof(ListAwards));
            var (campaign, awards) = await claims.ListWithContactsAsync(Ids.Require(campaignId, nameof(campaignId)), ct);
            var items = AwardListItem.ListOf(campaign, awards);
            // Entrant ids are whole for fulfilment only: the auditor reads everything masked.
            return new JsonBodyResult(admin.Has(AdminRoles.Fulfilment) ? items : items.Select(i => i.WithEntrantMasked()).ToList());
        });

    /// <summary>
    /// The fulfilment export: every award with the full contact details of those who claimed. It takes a reason and is
    /// recorded (who, when, how many rows, why) before the file is sent.
    /// </summary>
    [Function(nameof(ExportAwards))]
    [AdminRoute(AdminRoles.Fulfilment)]
    public Task<IActionResult> ExportAwards(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/campaigns/{campaignId}/awards.csv")] HttpRequest request, string campaignId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            var admin = await admins.AdmitAsync(request, nameof(ExportAwards));
            var id = Ids.Require(campaignId, nameof(campaignId));
            var reason = PersonalDataAccess.RequireReason(request.Query["reason"]);
            var (campaign, awards) = await claims.ListWithContactsAsync(id, ct);
            var export = AwardsExport.For(campaign, awards);
            await dataAccess.RecordAsync(campaign.Id, admin, export.FileName, awards.Count, reason, ct);
            return new CsvFileResult(export);
        });

    private Task<IActionResult> AsEntrant(HttpRequest request, Func<Entrant, CancellationToken, Task<IActionResult>> handle) =>
        HttpEndpoint.RunAsync(request, logger, async ct => await handle(await gate.AdmitAsync(request), ct));
}

using FanRewards.Core;
using FanRewards.Core.Admins;
using FanRewards.Core.Figures;
using FanRewards.Functions.Http;
using FanRewards.Functions.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FanRewards.Functions.Figures;

/// <summary>The admin console's live figures of a campaign: entries per activity and hour, rejections by reason.</summary>
public sealed class FigureFunctions(EntryFigures figures, IAdminGate gate, ILogger<FigureFunctions> logger)
{
    [Function(nameof(GetCampaignFigures))]
    [AdminRoute(AdminRoles.CampaignEditor, AdminRoles.Publisher, AdminRoles.Moderator, AdminRoles.DrawOperator, AdminRoles.Fulfilment, AdminRoles.Auditor)]
    public Task<IActionResult> GetCampaignFigures(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/campaigns/{campaignId}/figures")] HttpRequest request,
        string campaignId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            await gate.AdmitAsync(request, nameof(GetCampaignFigures));
            return new JsonBodyResult(await figures.GetAsync(Ids.Require(campaignId, nameof(campaignId)), ct));
        });
}

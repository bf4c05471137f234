using FanRewards.Core.Admins;
using FanRewards.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FanRewards.Functions.Identity;

/// <summary>Who the console is signed in as, and with which roles: it shows only what those roles may do.</summary>
public sealed class AdminMeFunctions(IAdminGate gate, ILogger<AdminMeFunctions> logger)
{
    [Function(nameof(GetAdminMe))]
    [AdminRoute(AdminRoles.CampaignEditor, AdminRoles.Publisher, AdminRoles.Moderator, AdminRoles.DrawOperator, AdminRoles.Fulfilment, AdminRoles.Auditor)]
    public Task<IActionResult> GetAdminMe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/me")] HttpRequest request) =>
        HttpEndpoint.RunAsync(request, logger, async _ =>
        {
            var admin = await gate.AdmitAsync(request, nameof(GetAdminMe));
            return new JsonBodyResult(new { id = admin.Id, name = admin.Name, roles = admin.Roles.Order(StringComparer.Ordinal).ToList() });
        });
}

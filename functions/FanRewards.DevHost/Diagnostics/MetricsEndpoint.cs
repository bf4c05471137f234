using FanRewards.Core;
using FanRewards.Functions.Http;
using FanRewards.Functions.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;

namespace FanRewards.DevHost.Diagnostics;

/// <summary>
/// <c>GET /{routePrefix}/manage/metrics</c>: the FanRewards instruments' totals, a DevHost feature (in Azure the same
/// instruments go to Application Insights). Like every other <c>manage/</c> route it takes an admin token, through the
/// same <see cref="IAdminGate"/>; any admin role will do, as for <c>manage/me</c>: the totals carry ids, kinds and
/// reasons, never personal data.
/// </summary>
internal static class MetricsEndpoint
{
    public const string Route = "manage/metrics";

    /// <summary>The function whose roles this route takes: <c>manage/me</c>'s, every admin role.</summary>
    private const string SameRolesAs = nameof(AdminMeFunctions.GetAdminMe);

    public static void MapMetrics(this IEndpointRouteBuilder endpoints, string routePrefix) =>
        endpoints.MapGet(routePrefix.Length == 0 ? "/" + Route : $"/{routePrefix}/{Route}", async (HttpContext context) =>
        {
            var services = context.RequestServices;
            try
            {
                await services.GetRequiredService<IAdminGate>().AdmitAsync(context.Request, SameRolesAs);
            }
            catch (ProblemException refused)
            {
                await JsonBodyResult.Problem(refused.Problem, context.Request.Path)
                    .ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
                return;
            }
            await Results.Json(services.GetRequiredService<MetricTotals>().Snapshot()).ExecuteAsync(context);
        }).WithDisplayName("DevHost metrics");
}

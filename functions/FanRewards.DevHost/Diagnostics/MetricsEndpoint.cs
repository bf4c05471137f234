using FanRewards.DevHost.Http;
using Microsoft.Azure.Functions.Worker;

namespace FanRewards.DevHost.Diagnostics;

/// <summary>
/// <c>GET /{routePrefix}/manage/metrics</c>: the FanRewards instruments' totals, a DevHost feature (in Azure the same
/// instruments go to Application Insights). Behind the function key, like the admin functions.
/// </summary>
internal static class MetricsEndpoint
{
    public const string Route = "manage/metrics";

    public static void MapMetrics(this IEndpointRouteBuilder endpoints, string routePrefix) =>
        endpoints.MapGet(routePrefix.Length == 0 ? "/" + Route : $"/{routePrefix}/{Route}", (HttpContext context) =>
        {
            var services = context.RequestServices;
            if (!services.GetRequiredService<FunctionKeyCheck>().Allows(AuthorizationLevel.Function, context.Request))
                return Results.StatusCode(StatusCodes.Status401Unauthorized);
            return Results.Json(services.GetRequiredService<MetricTotals>().Snapshot());
        }).WithDisplayName("DevHost metrics");
}

using FanRewards.Core;
using FanRewards.Core.Admins;
using FanRewards.Core.Awards;
using FanRewards.Functions.Http;
using FanRewards.Functions.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FanRewards.Functions.Awards;

/// <summary>
/// Voucher codes of a prize, for admins with a validated admin token (anonymous at the function level; no function key):
/// fulfilment uploads them (CSV, plain text or JSON), fulfilment or auditors see how many there are (<see cref="IAdminGate"/>
/// checks the roles each route's <see cref="AdminRouteAttribute"/> names). No response ever contains a code.
/// </summary>
public sealed class VoucherFunctions(VoucherService vouchers, IAdminGate gate, ILogger<VoucherFunctions> logger)
{
    private const string Route = "manage/campaigns/{campaignId}/prizes/{prizeId}/vouchers";
    /// <summary>100,000 codes of up to 40 characters with line ends.</summary>
    public const int LimitBytes = 4 * 1024 * 1024;

    [Function(nameof(UploadVouchers))]
    [AdminRoute(AdminRoles.Fulfilment)]
    public Task<IActionResult> UploadVouchers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route)] HttpRequest request, string campaignId, string prizeId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            var actor = await gate.AdmitAsync(request, nameof(UploadVouchers));
            var campaign = Ids.Require(campaignId, nameof(campaignId));
            var prize = Ids.Require(prizeId, nameof(prizeId));
            var upload = await ReadUploadAsync(request, ct);
            return new JsonBodyResult(await vouchers.UploadAsync(campaign, prize, upload, actor, ct));
        });

    [Function(nameof(GetVoucherCounts))]
    [AdminRoute(AdminRoles.Fulfilment, AdminRoles.Auditor)]
    public Task<IActionResult> GetVoucherCounts(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request, string campaignId, string prizeId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            await gate.AdmitAsync(request, nameof(GetVoucherCounts));
            var campaign = Ids.Require(campaignId, nameof(campaignId));
            var prize = Ids.Require(prizeId, nameof(prizeId));
            return new JsonBodyResult(await vouchers.SummarizeAsync(campaign, prize, ct));
        });

    private static async Task<VoucherUpload> ReadUploadAsync(HttpRequest request, CancellationToken ct)
    {
        switch (HttpTextBody.MediaType(request))
        {
            case "text/csv" or "text/plain":
                return VoucherUpload.FromText(await HttpTextBody.ReadAsync(request, LimitBytes, ct));
            case "application/json":
                var body = await HttpBody.ReadJsonAsync<VoucherCodesBody>(request, ct, LimitBytes);
                return VoucherUpload.FromList(body.Codes ?? []);
            default:
                throw new ProblemException(VoucherProblems.UnsupportedMediaType(request.ContentType));
        }
    }
}

/// <summary>The JSON form of an upload: <c>{"codes": ["…", …]}</c>.</summary>
public sealed record VoucherCodesBody
{
    public IReadOnlyList<string?>? Codes { get; init; }
}

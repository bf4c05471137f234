using FanRewards.Core;
using FanRewards.Core.Admins;
using FanRewards.Core.Draws;
using FanRewards.Functions.Http;
using FanRewards.Functions.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FanRewards.Functions.Draws;

/// <summary>A draw's witnesses: a witness reveals their secret (anyone who knows it may), an admin excuses one after the deadline.</summary>
public sealed class WitnessFunctions(DrawWitnesses witnesses, IAdminGate gate, ILogger<WitnessFunctions> logger)
{
    public sealed record RevealRequest(string? Secret);

    public sealed record ExcuseRequest(string? Reason);

    [Function(nameof(RevealWitnessSecret))]
    public Task<IActionResult> RevealWitnessSecret(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "campaigns/{campaignId}/draws/{drawId}/witnesses/{witnessId}/reveal")]
        HttpRequest request, string campaignId, string drawId, string witnessId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            var (campaign, draw, witness) = (Ids.Require(campaignId, nameof(campaignId)), Ids.Require(drawId, nameof(drawId)),
                Ids.Require(witnessId, nameof(witnessId)));
            var body = await HttpBody.ReadJsonAsync<RevealRequest>(request, ct, 4 * 1024);
            return new JsonBodyResult(await witnesses.RevealAsync(campaign, draw, witness, body.Secret, ct));
        });

    [Function(nameof(ExcuseWitness))]
    [AdminRoute(AdminRoles.DrawOperator)]
    public Task<IActionResult> ExcuseWitness(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/campaigns/{campaignId}/draws/{drawId}/witnesses/{witnessId}/excuse")]
        HttpRequest request, string campaignId, string drawId, string witnessId) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            var actor = await gate.AdmitAsync(request, nameof(ExcuseWitness));
            var (campaign, draw, witness) = (Ids.Require(campaignId, nameof(campaignId)), Ids.Require(drawId, nameof(drawId)),
                Ids.Require(witnessId, nameof(witnessId)));
            var body = await HttpBody.ReadJsonAsync<ExcuseRequest>(request, ct, 8 * 1024);
            return new JsonBodyResult(await witnesses.ExcuseAsync(campaign, draw, witness, body.Reason, actor, ct));
        });
}

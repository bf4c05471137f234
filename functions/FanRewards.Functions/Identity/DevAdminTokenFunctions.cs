using FanRewards.Core;
using FanRewards.Core.Admins;
using FanRewards.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FanRewards.Functions.Identity;

/// <summary>
/// Mints admin tokens for local use from the DevHost's local issuer, so the console works offline. It exists only when
/// the DevHost added its dev admin key (<c>DevHost:AdminDevTokens</c>): the Function App never has that key and answers
/// 404, as if the endpoint were not there — real admin tokens come from Entra ID.
/// </summary>
public sealed class DevAdminTokenFunctions(AdminTokenOptions options, TimeProvider clock, ILogger<DevAdminTokenFunctions> logger)
{
    private const string Route = "dev/admin-tokens";

    public sealed record DevAdminTokenRequest(string? Name, List<string?>? Roles);

    [Function(nameof(DevAdminRoles))]
    public Task<IActionResult> DevAdminRoles(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request) =>
        HttpEndpoint.RunAsync(request, logger, _ => Task.FromResult<IActionResult>(options.DevSigningKey is null
            ? NotHere(request)
            : new JsonBodyResult(new { roles = AdminRoles.All })));

    [Function(nameof(MintDevAdminToken))]
    public Task<IActionResult> MintDevAdminToken(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route)] HttpRequest request) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            if (options.DevSigningKey is not { } key) return NotHere(request);
            var body = await HttpBody.ReadJsonAsync<DevAdminTokenRequest>(request, ct, limitBytes: 4096);
            var errors = new Dictionary<string, string[]>();
            if (!DevAdminToken.IsValidName(body.Name)) errors["name"] = ["Must be 1 to 64 characters, without leading or trailing spaces or control characters."];
            if (!DevAdminToken.AreValidRoles(body.Roles)) errors["roles"] = [$"Must be a list of roles from: {string.Join(", ", AdminRoles.All)}."];
            if (errors.Count > 0) throw new ProblemException(Problem.Validation(errors));
            var roles = body.Roles!.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            return new JsonBodyResult(DevAdminToken.Mint(options, key, body.Name!, roles, clock.GetUtcNow().UtcDateTime));
        });

    private static JsonBodyResult NotHere(HttpRequest request) =>
        JsonBodyResult.Problem(new Problem(Problem.TypePrefix + "not-found", 404, "No such endpoint.",
            "Dev admin tokens exist only on a DevHost."), request.Path);
}

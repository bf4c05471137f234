using FanRewards.Core;
using FanRewards.Core.Entries;
using FanRewards.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FanRewards.Functions.Identity;

/// <summary>
/// Mints entrant tokens for local use, with the DevHost's own dev key. It exists only when the DevHost turned dev tokens
/// on (<c>DevHost:EntrantDevTokens</c>): the Function App never has that key, whatever its environment, and answers
/// 404 as if the endpoint were not there, because real tokens come from the organisation's identity platform.
/// </summary>
public sealed class DevTokenFunctions(EntrantTokenOptions options, TimeProvider clock, ILogger<DevTokenFunctions> logger)
{
    public sealed record DevTokenRequest(string? Sub, bool? Member);

    [Function(nameof(MintDevToken))]
    public Task<IActionResult> MintDevToken(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dev/tokens")] HttpRequest request) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            if (options.DevSigningKey is not { } key)
            {
                return JsonBodyResult.Problem(new Problem(Problem.TypePrefix + "not-found", 404,
                "No such endpoint.", "Dev tokens exist only on a DevHost that turns them on."), request.Path);
            }

            var body = await HttpBody.ReadJsonAsync<DevTokenRequest>(request, ct, limitBytes: 4096);
            if (!Entrant.IsValidId(body.Sub))
                throw new ProblemException(Problem.Validation(new Dictionary<string, string[]> { ["sub"] = [$"Must be {Entrant.IdRule}."] }));
            return new JsonBodyResult(DevToken.Mint(options, key, body.Sub!, body.Member ?? false, clock.GetUtcNow().UtcDateTime));
        });
}

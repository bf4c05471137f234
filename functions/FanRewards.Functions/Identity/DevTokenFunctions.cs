using System.Security.Claims;
using FanRewards.Core;
using FanRewards.Core.Entries;
using FanRewards.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FanRewards.Functions.Identity;

/// <summary>
/// Mints entrant tokens for local use. It exists only in Development: anywhere else it answers 404 as if it were
/// not there, because real tokens come from the organisation's identity platform.
/// </summary>
public sealed class DevTokenFunctions(EntrantTokenOptions options, TimeProvider clock, ILogger<DevTokenFunctions> logger)
{
    public sealed record DevTokenRequest(string? Sub, bool? Member);

    [Function(nameof(MintDevToken))]
    public Task<IActionResult> MintDevToken(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dev/tokens")] HttpRequest request) =>
        HttpEndpoint.RunAsync(request, logger, async ct =>
        {
            if (options.DevSigningKey is null) return JsonBodyResult.Problem(new Problem(Problem.TypePrefix + "not-found", 404,
                "No such endpoint.", "Dev tokens exist only in Development."), request.Path);
            var body = await HttpBody.ReadJsonAsync<DevTokenRequest>(request, ct, limitBytes: 4096);
            if (!Entrant.IsValidId(body.Sub))
                throw new ProblemException(Problem.Validation(new Dictionary<string, string[]> { ["sub"] = [$"Must be {Entrant.IdRule}."] }));
            var now = clock.GetUtcNow().UtcDateTime;
            var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = options.Issuer,
                Audience = options.Audience,
                Subject = new ClaimsIdentity([new Claim("sub", body.Sub!)]),
                Claims = new Dictionary<string, object> { ["member"] = body.Member ?? false },
                IssuedAt = now,
                NotBefore = now,
                Expires = now.AddHours(12),
                SigningCredentials = new SigningCredentials(options.DevSigningKey, SecurityAlgorithms.HmacSha256),
            });
            return new JsonBodyResult(new { token, expiresAt = now.AddHours(12) });
        });
}

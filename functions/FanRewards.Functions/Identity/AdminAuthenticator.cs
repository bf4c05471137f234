using FanRewards.Core.Admins;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FanRewards.Functions.Identity;

/// <summary>
/// Turns "Authorization: Bearer &lt;access token&gt;" into an <see cref="AdminPrincipal"/>, or a 401 problem saying why
/// not. Tokens come from the organisation's authority (Entra ID, via <see cref="OidcMetadata"/>) or, on a DevHost
/// only, from its local issuer. Claims read: <c>oid</c> (else <c>sub</c>), <c>name</c> (else <c>azp</c>/<c>appid</c>,
/// else the id), <c>roles</c>.
/// </summary>
public sealed class AdminAuthenticator : IDisposable
{
    private const int MaxTokenLength = 16 * 1024;
    /// <summary>Short: a console sends the same token with every call, but a role taken away should not linger long.</summary>
    private static readonly TimeSpan Remembered = TimeSpan.FromMinutes(1);
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly AdminTokenOptions _options;
    private readonly TimeProvider _clock;
    private readonly OidcMetadata? _authority;
    private readonly TokenValidationParameters _parameters;
    private readonly MemoryCache _validated = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    public AdminAuthenticator(AdminTokenOptions options, TimeProvider clock)
    {
        _options = options;
        _clock = clock;
        _authority = options.Authority is { } authority ? new OidcMetadata(authority, options.KeyRefreshInterval) : null;
        _parameters = TokenRules.Parameters(options.Audience, clock);
    }

    public async Task<AdminPrincipal> AuthenticateAsync(HttpRequest request)
    {
        var token = TokenRules.BearerToken(request, MaxTokenLength, AdminProblems.Unauthorized);
        var now = _clock.GetUtcNow().UtcDateTime;
        if (_validated.TryGetValue(token, out Validated? known) && known is not null && now < known.Until) return known.Admin;

        var result = await ValidateAsync(token, request.HttpContext.RequestAborted);
        if (!result.IsValid) throw AdminProblems.Unauthorized(TokenRules.Reason(result.Exception));
        var jwt = (JsonWebToken)result.SecurityToken;
        var admin = PrincipalOf(jwt);
        TokenRules.Remember(_validated, token, new Validated(admin, jwt.ValidTo + _parameters.ClockSkew), now, Remembered);
        return admin;
    }

    public void Dispose() => _validated.Dispose();

    private async Task<TokenValidationResult> ValidateAsync(string token, CancellationToken ct)
    {
        if (_options.DevSigningKey is { } devKey && TokenRules.IssuerOf(_handler, token) == AdminTokenOptions.DevIssuer)
        {
            var parameters = _parameters.Clone();
            parameters.ValidIssuer = AdminTokenOptions.DevIssuer;
            parameters.IssuerSigningKey = devKey;
            return await _handler.ValidateTokenAsync(token, parameters);
        }

        if (_authority is null)
        {
            throw AdminProblems.Unauthorized($"No admin authority is configured ({AppSettingNames.AdminsAuthority}): only the DevHost's dev admin tokens are accepted here.");
        }

        try
        {
            return await _authority.ValidateAsync(_handler, token, _parameters, ct);
        }
        catch (InvalidOperationException)
        {
            // The authority's metadata or keys could not be read: not the caller's fault, and not worth a 500 either.
            throw AdminProblems.AuthorityUnavailable(_options.KeyRefreshInterval);
        }
    }

    private static AdminPrincipal PrincipalOf(JsonWebToken jwt)
    {
        var id = TokenRules.Claim(jwt, "oid") ?? TokenRules.Claim(jwt, "sub");
        if (string.IsNullOrWhiteSpace(id) || id.Length > 128) throw AdminProblems.Unauthorized("The token names nobody: it has no 'oid' or 'sub' claim.");
        var name = TokenRules.Claim(jwt, "name") ?? TokenRules.Claim(jwt, "azp") ?? TokenRules.Claim(jwt, "appid") ?? id;
        var roles = jwt.Claims.Where(c => c.Type == "roles").Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new AdminPrincipal(id, name.Length > 64 ? name[..64] : name, roles);
    }

    private sealed record Validated(AdminPrincipal Admin, DateTime Until) : TokenRules.IRemembered;
}

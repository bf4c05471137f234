using FanRewards.Core;
using FanRewards.Core.Entries;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FanRewards.Functions.Identity;

/// <summary>Turns "Authorization: Bearer &lt;JWT&gt;" into an <see cref="Entrant"/>, or a 401 problem saying why not (a 503 when the identity platform cannot be reached).</summary>
public sealed class EntrantAuthenticator : IDisposable
{
    private const int MaxTokenLength = 8 * 1024;
    /// <summary>The least time between two reads of the platform's metadata, and so the honest Retry-After when it failed.</summary>
    private static readonly TimeSpan MetadataRefresh = TimeSpan.FromMinutes(1);
    /// <summary>How long a validated token is remembered at most (never past its expiry).</summary>
    private static readonly TimeSpan Remembered = TimeSpan.FromMinutes(5);
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TimeProvider _clock;
    /// <summary>
    /// Tokens that validated, with the entrant they name. A phone sends the same token with every entry, and checking
    /// it again gives the same answer until it expires: the keys, issuer and audience are fixed for the app's life.
    /// Bounded: past the size limit the cache compacts in the background.
    /// </summary>
    private readonly MemoryCache _validated = new(new MemoryCacheOptions { SizeLimit = 50_000 });
    /// <summary>Built once: the handler only reads it, and building it per request was a quarter of what a check allocated.</summary>
    private readonly TokenValidationParameters _parameters;

    /// <summary>No key configured yet (a fresh deployment before its secret is written): every token is refused, saying why.</summary>
    private readonly bool _withoutKeys;
    /// <summary>The member platform's OpenID Connect metadata (Entrants:Authority), or null.</summary>
    private readonly OidcMetadata? _authority;
    private readonly string _staticIssuer;

    public EntrantAuthenticator(EntrantTokenOptions options, TimeProvider clock)
    {
        _clock = clock;
        _withoutKeys = options.SigningKeys.Count == 0 && options.Authority is null;
        _staticIssuer = options.Issuer;
        _authority = options.Authority is { } authority ? new OidcMetadata(authority, MetadataRefresh) : null;
        _parameters = TokenRules.Parameters(options.Audience, clock);
        _parameters.ValidIssuer = options.Issuer;
        _parameters.IssuerSigningKeys = options.SigningKeys;
    }

    public async Task<Entrant> AuthenticateAsync(HttpRequest request)
    {
        var token = TokenRules.BearerToken(request, MaxTokenLength, Unauthorized);
        if (_withoutKeys)
        {
            throw Unauthorized($"No entrant token signing key is configured yet ({AppSettingNames.EntrantsHmacKeys} or "
                + $"{AppSettingNames.EntrantsRsaPublicKeys}): every token is refused.");
        }

        var now = _clock.GetUtcNow().UtcDateTime;
        if (_validated.TryGetValue(token, out Validated? known) && now < known!.Until) return known.Entrant;

        var result = await ValidateAsync(token, request.HttpContext.RequestAborted);
        if (!result.IsValid) throw Unauthorized(TokenRules.Reason(result.Exception));

        // The two claims straight from the validated token: the handler builds a ClaimsIdentity of every claim
        // only when asked for one, and we need two values.
        var jwt = (JsonWebToken)result.SecurityToken;
        var subject = TokenRules.Claim(jwt, "sub");
        if (!Entrant.IsValidId(subject)) throw Unauthorized($"The token's 'sub' must be {Entrant.IdRule}.");
        var entrant = new Entrant(subject!, IsMember(jwt));
        TokenRules.Remember(_validated, token, new Validated(entrant, jwt.ValidTo + _parameters.ClockSkew), now, Remembered);
        return entrant;
    }

    public void Dispose() => _validated.Dispose();

    /// <summary>The static keys for their issuer; the member platform's keys (from its metadata) for any other.</summary>
    private async Task<TokenValidationResult> ValidateAsync(string token, CancellationToken ct)
    {
        if (_authority is null || (_parameters.IssuerSigningKeys.Any() && TokenRules.IssuerOf(_handler, token) == _staticIssuer))
            return await _handler.ValidateTokenAsync(token, _parameters);
        try
        {
            return await _authority.ValidateAsync(_handler, token, _parameters, ct);
        }
        catch (InvalidOperationException)
        {
            // The token may be fine: the platform is not. A 401 would tell the app to sign the entrant out.
            throw new ProblemException(AuthorityUnavailable());
        }
    }

    /// <summary>Until the moment the lifetime check would refuse the token: its expiry plus the clock skew allowed.</summary>
    private sealed record Validated(Entrant Entrant, DateTime Until) : TokenRules.IRemembered;

    private static bool IsMember(JsonWebToken jwt) =>
        TokenRules.Claim(jwt, "member") is { } value && (value == "true" || value.Equals("True", StringComparison.Ordinal));

    private static Problem AuthorityUnavailable() =>
        new(Problem.TypePrefix + "entrant-authority-unavailable", 503, "The identity platform cannot be reached.",
            "Your sign-in could not be checked just now; try again shortly.",
            Extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = (int)MetadataRefresh.TotalSeconds });

    private static ProblemException Unauthorized(string detail) => new(EntryProblems.Unauthorized(detail));
}

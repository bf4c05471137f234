using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace FanRewards.Functions.Identity;

/// <summary>
/// One OpenID Connect authority's issuer and signing keys, from <c>{authority}/.well-known/openid-configuration</c> and
/// its JWKS, shared by the admin and the entrant token checks. Keys are re-read every <see cref="AutomaticRefresh"/>,
/// and at once when a token names a key id we do not know (the platform rotated its keys), at most once per
/// <c>refreshInterval</c> so that a flood of tokens with made-up key ids cannot make us hammer the authority.
/// </summary>
public sealed class OidcMetadata
{
    /// <summary>Entra ID publishes a new key weeks before signing with it; a daily re-read plus the unknown-kid refresh covers every rotation.</summary>
    public static readonly TimeSpan AutomaticRefresh = TimeSpan.FromHours(12);

    private readonly ConfigurationManager<OpenIdConnectConfiguration> _manager;

    static OidcMetadata()
    {
        // Since 8.x a refresh after the first one runs in the background and the caller gets the old keys back: a token
        // signed with a just-rotated key would be refused once. Blocking refreshes give the new keys to the very request
        // that asked for them (only the rare unknown-kid or the periodic refresh waits).
        AppContext.SetSwitch("Switch.Microsoft.IdentityModel.UpdateConfigAsBlocking", true);
    }

    /// <param name="authority">The issuer's base address; metadata at <c>{authority}/.well-known/openid-configuration</c>.</param>
    /// <param name="refreshInterval">The least time between two refreshes asked for by unknown key ids (the library's floor is 1 s).</param>
    public OidcMetadata(Uri authority, TimeSpan refreshInterval)
    {
        Authority = authority;
        var metadata = new Uri(authority.AbsoluteUri.TrimEnd('/') + "/.well-known/openid-configuration");
        // HTTPS everywhere but a loopback authority, which only tests and a local identity provider use.
        var retriever = new HttpDocumentRetriever { RequireHttps = !IsLoopback(authority) };
        _manager = new ConfigurationManager<OpenIdConnectConfiguration>(metadata.AbsoluteUri, new OpenIdConnectConfigurationRetriever(), retriever)
        {
            AutomaticRefreshInterval = AutomaticRefresh,
            RefreshInterval = refreshInterval,
        };
    }

    public Uri Authority { get; }

    /// <summary>
    /// Validates <paramref name="token"/> against the authority's issuer and keys, <paramref name="template"/> giving
    /// everything else (audience, lifetime, algorithms). A key id we do not know asks for fresh keys once and retries.
    /// </summary>
    public async Task<TokenValidationResult> ValidateAsync(JsonWebTokenHandler handler, string token, TokenValidationParameters template,
        CancellationToken ct)
    {
        var configuration = await _manager.GetConfigurationAsync(ct);
        var result = await handler.ValidateTokenAsync(token, For(template, configuration));
        if (result.IsValid || result.Exception is not SecurityTokenSignatureKeyNotFoundException) return result;

        _manager.RequestRefresh();
        var refreshed = await _manager.GetConfigurationAsync(ct);
        return ReferenceEquals(refreshed, configuration) ? result : await handler.ValidateTokenAsync(token, For(template, refreshed));
    }

    /// <summary>The issuer the metadata names (for telling this authority's tokens from others), or null when it cannot be read now.</summary>
    public async Task<string?> IssuerAsync(CancellationToken ct)
    {
        try
        {
            return (await _manager.GetConfigurationAsync(ct)).Issuer;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static TokenValidationParameters For(TokenValidationParameters template, OpenIdConnectConfiguration configuration)
    {
        var parameters = template.Clone();
        parameters.ValidIssuer = configuration.Issuer;
        parameters.IssuerSigningKeys = configuration.SigningKeys;
        return parameters;
    }

    private static bool IsLoopback(Uri authority) =>
        authority.IsLoopback || (IPAddress.TryParse(authority.Host, out var address) && IPAddress.IsLoopback(address));
}

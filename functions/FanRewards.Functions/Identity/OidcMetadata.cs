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

    /// <summary>How long the one request that asked for fresh keys waits for them (the refresh runs in the background).</summary>
    private static readonly TimeSpan RefreshWait = TimeSpan.FromSeconds(5);
    private readonly TimeSpan _refreshInterval;
    private long _lastRefreshTicks;

    /// <param name="authority">The issuer's base address; metadata at <c>{authority}/.well-known/openid-configuration</c>.</param>
    /// <param name="refreshInterval">The least time between two refreshes asked for by unknown key ids (the library's floor is 1 s).</param>
    public OidcMetadata(Uri authority, TimeSpan refreshInterval)
    {
        Authority = authority;
        _refreshInterval = refreshInterval;
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

        var refreshed = await RefreshedAsync(configuration, ct);
        return refreshed is null ? result : await handler.ValidateTokenAsync(token, For(template, refreshed));
    }

    /// <summary>
    /// Fresh keys for an unknown key id, at most once per refresh interval (else null at once: made-up key ids must not
    /// make us read the keys, or wait, on every request). The library refreshes in the background and hands back the
    /// keys it had, so the request that asked waits, boundedly, for the new configuration to arrive.
    /// </summary>
    private async Task<OpenIdConnectConfiguration?> RefreshedAsync(OpenIdConnectConfiguration known, CancellationToken ct)
    {
        var now = DateTime.UtcNow.Ticks;
        var last = Interlocked.Read(ref _lastRefreshTicks);
        if (now - last < _refreshInterval.Ticks || Interlocked.CompareExchange(ref _lastRefreshTicks, now, last) != last) return null;

        _manager.RequestRefresh();
        var deadline = DateTime.UtcNow + RefreshWait;
        for (var delay = 10; DateTime.UtcNow < deadline; delay = Math.Min(delay * 2, 200))
        {
            var current = await _manager.GetConfigurationAsync(ct);
            if (!ReferenceEquals(current, known)) return current;
            await Task.Delay(delay, ct);
        }
        return null;
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

    /// <summary>
    /// Whether keys can be read from <paramref name="authority"/>: https, or http on loopback only. Options refuse any
    /// other at start-up, since every token would otherwise be refused at runtime.
    /// </summary>
    public static bool IsReadable(Uri authority) => authority.Scheme == Uri.UriSchemeHttps || (authority.Scheme == Uri.UriSchemeHttp && IsLoopback(authority));

    private static bool IsLoopback(Uri authority) =>
        authority.IsLoopback || (IPAddress.TryParse(authority.Host, out var address) && IPAddress.IsLoopback(address));
}

using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FanRewards.Functions.Tests.Support;

/// <summary>
/// An OpenID Connect provider on a loopback port, as Entra ID or a member platform looks to the app: metadata at
/// /.well-known/openid-configuration, its RSA signing keys at /jwks. <see cref="Rotate"/> replaces the key (the old one
/// leaves the JWKS); <see cref="Mint"/> signs with the current key or any earlier one.
/// </summary>
internal sealed class LocalOidcProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<RsaSecurityKey> _published = [];
    private int _metadataReads;

    private LocalOidcProvider(WebApplication app) => _app = app;

    public Uri Authority { get; private set; } = new("http://127.0.0.1/");
    public string Issuer => Authority.AbsoluteUri.TrimEnd('/');
    public RsaSecurityKey CurrentKey => _published[^1];
    public int MetadataReads => Volatile.Read(ref _metadataReads);

    public static async Task<LocalOidcProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var provider = new LocalOidcProvider(builder.Build());
        provider.Rotate();
        provider._app.MapGet("/.well-known/openid-configuration", (HttpContext _) =>
        {
            Interlocked.Increment(ref provider._metadataReads);
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = provider.Issuer,
                ["jwks_uri"] = provider.Issuer + "/jwks",
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            });
        });
        provider._app.MapGet("/jwks", () => Results.Json(new { keys = provider.Jwks() }));
        await provider._app.StartAsync();
        var address = provider._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        provider.Authority = new Uri(address);
        return provider;
    }

    /// <summary>A new signing key; the JWKS lists only it from now on.</summary>
    public RsaSecurityKey Rotate()
    {
        var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "key-" + (_published.Count + 1) };
        lock (_published) _published.Add(key);
        return key;
    }

    public string Mint(IDictionary<string, object> claims, string audience, RsaSecurityKey? key = null, string? issuer = null,
        DateTime? expires = null)
    {
        var now = DateTime.UtcNow;
        var until = expires ?? now.AddHours(1);
        var from = until < now ? until.AddHours(-1) : now; // an expired token was valid once
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = from,
            NotBefore = from,
            Expires = until,
            SigningCredentials = new SigningCredentials(key ?? CurrentKey, SecurityAlgorithms.RsaSha256),
            Subject = new ClaimsIdentity(),
        });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private List<Dictionary<string, string>> Jwks()
    {
        RsaSecurityKey current;
        lock (_published) current = _published[^1];
        var parameters = current.Rsa.ExportParameters(false);
        return
        [
            new()
            {
                ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = current.KeyId,
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus), ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
            },
        ];
    }
}

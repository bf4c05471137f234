using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace FanRewards.Functions.Identity;

/// <summary>
/// How entrant tokens from the organisation's identity platform are checked: issuer, audience and signing keys
/// (HMAC secrets and RSA public keys) from configuration section "Entrants". The Function App accepts these keys only,
/// in every environment: the dev token key exists only when the DevHost adds it (<see cref="WithDevTokenKey"/>),
/// because a key the environment name could switch on would be one setting away from production.
/// </summary>
public sealed class EntrantTokenOptions
{
    public const string Section = "Entrants";

    /// <summary>The issuer of tokens signed with the static keys; empty when only <see cref="Authority"/> issues tokens.</summary>
    public required string Issuer { get; init; }
    public required string Audience { get; init; }
    /// <summary>
    /// An OpenID Connect authority (the member platform) whose metadata names the issuer and whose JWKS holds the signing
    /// keys, re-read on rotation; beside the static keys, or instead of them. Null when not configured.
    /// </summary>
    public Uri? Authority { get; init; }
    public required IReadOnlyList<SecurityKey> SigningKeys { get; init; }
    /// <summary>The key the dev token endpoint signs with: null unless the DevHost added one (never from configuration here).</summary>
    public SymmetricSecurityKey? DevSigningKey { get; private init; }

    public static EntrantTokenOptions From(IConfiguration configuration, IHostEnvironment environment)
    {
        var keys = new List<SecurityKey>();
        foreach (var secret in configuration.GetSection(AppSettingNames.EntrantsHmacKeys).GetChildren().Select(c => c.Value).OfType<string>())
        {
            // A Key Vault reference the platform could not resolve (yet: the secret or the role is not there) arrives as
            // its own text. It is no key, not a malformed one: the app starts and refuses entrant tokens until it resolves.
            if (secret.StartsWith(UnresolvedKeyVaultReference, StringComparison.OrdinalIgnoreCase)) continue;
            keys.Add(new SymmetricSecurityKey(HmacKey(secret)));
        }
        foreach (var pem in configuration.GetSection(AppSettingNames.EntrantsRsaPublicKeys).GetChildren().Select(c => c.Value).OfType<string>())
        {
            var rsa = RSA.Create();
            try
            {
                rsa.ImportFromPem(pem);
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException)
            {
                throw new InvalidOperationException("Entrants:RsaPublicKeys entries must be RSA public keys in PEM.", e);
            }
            keys.Add(new RsaSecurityKey(rsa));
        }

        // No key yet is a documented state of a fresh deployment (README, "Deploy to Azure"): admin routes and timers run,
        // entrant routes refuse every token (EntrantAuthenticator). A present but malformed key stops the start.

        var authority = configuration[AppSettingNames.EntrantsAuthority] is { Length: > 0 } address ? AuthorityUri(address) : null;
        return new EntrantTokenOptions
        {
            // With an authority the issuer comes from its metadata: Entrants:Issuer then names only the static keys' issuer.
            Issuer = configuration[AppSettingNames.EntrantsIssuer]
                ?? (environment.IsDevelopment() ? "fanrewards-dev" : authority is not null ? "" : throw Missing("Issuer")),
            Audience = configuration[AppSettingNames.EntrantsAudience] ?? (environment.IsDevelopment() ? "fanrewards" : throw Missing("Audience")),
            SigningKeys = keys,
            Authority = authority,
        };
    }

    /// <summary>
    /// These options plus a key of the DevHost's own for dev tokens, accepted beside the configured keys. Refuses a key
    /// equal to a configured one: a dev token must never be signed with the key real tokens are checked against.
    /// </summary>
    public EntrantTokenOptions WithDevTokenKey(byte[] devKey)
    {
        if (devKey.Length < 32) throw new InvalidOperationException("The dev token key must be at least 32 bytes.");
        if (SigningKeys.OfType<SymmetricSecurityKey>().Any(k => CryptographicOperations.FixedTimeEquals(k.Key, devKey)))
            throw new InvalidOperationException("The dev token key must not be one of Entrants:HmacKeys: dev tokens get a key of their own.");
        var key = new SymmetricSecurityKey(devKey) { KeyId = DevKeyId };
        return new EntrantTokenOptions { Issuer = Issuer, Audience = Audience, SigningKeys = [.. SigningKeys, key], DevSigningKey = key, Authority = Authority };
    }

    /// <summary>The key id dev tokens carry, so that a developer can tell one from a real token.</summary>
    public const string DevKeyId = "devhost";

    public const string UnresolvedKeyVaultReference = "@Microsoft.KeyVault(";

    /// <summary>A secret of at least 32 bytes, in base64; anything else is refused naming the setting.</summary>
    private static byte[] HmacKey(string secret)
    {
        var bytes = new byte[secret.Length];
        return Convert.TryFromBase64String(secret, bytes, out var length) && length >= 32
            ? bytes[..length]
            : throw new InvalidOperationException("Entrants:HmacKeys entries must be at least 32 bytes (base64).");
    }

    private static Uri AuthorityUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && OidcMetadata.IsReadable(uri)
            ? uri
            : throw new InvalidOperationException($"Configuration '{AppSettingNames.EntrantsAuthority}' must be an absolute https URL "
                + "(keys are read over https only; http is for a loopback address).");

    private static InvalidOperationException Missing(string name) => new($"Configuration '{Section}:{name}' is missing.");
}

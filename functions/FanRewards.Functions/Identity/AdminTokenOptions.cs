using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace FanRewards.Functions.Identity;

/// <summary>
/// How admin tokens are checked (section "Admins"): the organisation's OpenID Connect authority (Entra ID: issuer and
/// signing keys from its metadata) and the API's audience. The DevHost's local issuer and key exist only when the
/// DevHost adds them (<see cref="WithDevIssuer"/>): the Function App never has them, whatever its environment.
/// </summary>
public sealed class AdminTokenOptions
{
    public const string Section = "Admins";
    /// <summary>The issuer dev admin tokens carry; accepted only where a DevHost added its key.</summary>
    public const string DevIssuer = "fanrewards-dev-admin";
    public const string DevKeyId = "devhost-admin";
    /// <summary>The audience in Development when none is configured (the DevHost mints for it).</summary>
    public const string DevelopmentAudience = "api://fanrewards-admin";

    /// <summary>Null only in Development without an authority: then only the DevHost's local issuer can sign in.</summary>
    public Uri? Authority { get; init; }
    public required string Audience { get; init; }
    /// <summary>The least time between two key refreshes that unknown key ids ask for.</summary>
    public TimeSpan KeyRefreshInterval { get; init; } = TimeSpan.FromMinutes(1);
    /// <summary>The DevHost's own key for <see cref="DevIssuer"/>: null unless the DevHost added one (never from configuration here).</summary>
    public SymmetricSecurityKey? DevSigningKey { get; private init; }

    /// <param name="withLocalIssuer">True on a DevHost that adds its local issuer: then no authority is needed in any environment.</param>
    public static AdminTokenOptions From(IConfiguration configuration, IHostEnvironment environment, bool withLocalIssuer = false)
    {
        var authority = configuration[AppSettingNames.AdminsAuthority];
        var audience = configuration[AppSettingNames.AdminsAudience];
        var development = environment.IsDevelopment() || withLocalIssuer;
        if (string.IsNullOrWhiteSpace(authority) && !development) throw Missing(AppSettingNames.AdminsAuthority);
        if (string.IsNullOrWhiteSpace(audience) && !development) throw Missing(AppSettingNames.AdminsAudience);
        return new AdminTokenOptions
        {
            Authority = string.IsNullOrWhiteSpace(authority) ? null : AbsoluteUri(authority),
            Audience = string.IsNullOrWhiteSpace(audience) ? DevelopmentAudience : audience,
        };
    }

    /// <summary>These options plus the DevHost's local issuer with its own key (at least 32 bytes).</summary>
    public AdminTokenOptions WithDevIssuer(byte[] devKey)
    {
        if (devKey.Length < 32) throw new InvalidOperationException("The dev admin token key must be at least 32 bytes.");
        return new AdminTokenOptions
        {
            Authority = Authority, Audience = Audience, KeyRefreshInterval = KeyRefreshInterval,
            DevSigningKey = new SymmetricSecurityKey(devKey.ToArray()) { KeyId = DevKeyId },
        };
    }

    /// <summary>A fresh random key, for a DevHost run that configured none.</summary>
    public static byte[] NewDevKey() => RandomNumberGenerator.GetBytes(32);

    private static Uri AbsoluteUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && OidcMetadata.IsReadable(uri)
            ? uri
            : throw new InvalidOperationException($"Configuration '{AppSettingNames.AdminsAuthority}' must be an absolute https URL "
                + "(keys are read over https only; http is for a loopback address). For Entra ID: https://login.microsoftonline.com/<tenant-id>/v2.0.");

    private static InvalidOperationException Missing(string name) =>
        new($"Configuration '{name}' is missing: admin routes accept only tokens from the organisation's identity platform.");
}

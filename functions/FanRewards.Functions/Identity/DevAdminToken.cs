using System.Security.Cryptography;
using System.Text;
using FanRewards.Core.Admins;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FanRewards.Functions.Identity;

/// <summary>An admin token from the DevHost's local issuer, shaped like an Entra ID access token (oid, name, roles).</summary>
public sealed record DevAdminToken(string Token, string Id, string Name, IReadOnlyList<string> Roles, DateTime ExpiresAt)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    /// <summary>One name is one person: the id is derived from the name, so two sign-ins as 王主任 are the same person for four eyes.</summary>
    public static string IdOf(string name) => "dev-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..16];

    public static DevAdminToken Mint(AdminTokenOptions options, SymmetricSecurityKey key, string name, IReadOnlyList<string> roles, DateTime now)
    {
        var id = IdOf(name);
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AdminTokenOptions.DevIssuer,
            Audience = options.Audience,
            Claims = new Dictionary<string, object> { ["oid"] = id, ["sub"] = id, ["name"] = name, ["roles"] = roles.ToArray() },
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
        return new DevAdminToken(token, id, name, roles, now + Lifetime);
    }

    /// <summary>A display name a person would have: 1–64 characters, not blank, no control characters.</summary>
    public static bool IsValidName(string? name) =>
        name is { Length: >= 1 and <= 64 } && !string.IsNullOrWhiteSpace(name) && !name.Any(char.IsControl) && name.Trim() == name;

    public static bool AreValidRoles(IReadOnlyList<string?>? roles) => roles is not null && roles.All(r => r is not null && AdminRoles.IsKnown(r));
}

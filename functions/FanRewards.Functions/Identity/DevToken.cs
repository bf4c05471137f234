using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FanRewards.Functions.Identity;

/// <summary>An entrant token minted for local use, with the DevHost's own dev key, as the organisation's platform would issue it.</summary>
public sealed record DevToken(string Token, DateTime ExpiresAt)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    public static DevToken Mint(EntrantTokenOptions options, SymmetricSecurityKey key, string subject, bool member, DateTime now)
    {
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject)]),
            Claims = new Dictionary<string, object> { ["member"] = member },
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
        return new DevToken(token, now + Lifetime);
    }
}

using FanRewards.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FanRewards.Functions.Identity;

/// <summary>What the entrant and the admin token checks share: reading the bearer header, the validation rules, the reasons given.</summary>
internal static class TokenRules
{
    public interface IRemembered
    {
        DateTime Until { get; }
    }

    /// <summary>The token from "Authorization: Bearer …", or <paramref name="refuse"/>'s 401 saying what is wrong with the header.</summary>
    public static string BearerToken(HttpRequest request, int maxLength, Func<string, ProblemException> refuse)
    {
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header)) throw refuse("An 'Authorization: Bearer <token>' header is required.");
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) throw refuse("Only Bearer tokens are accepted.");
        var token = header["Bearer ".Length..].Trim();
        if (token.Length == 0 || token.Length > maxLength) throw refuse("The token is empty or too long.");
        return token;
    }

    /// <summary>Signed, with an expiry, for <paramref name="audience"/>, lifetime by <paramref name="clock"/>; issuer and keys are set per source.</summary>
    public static TokenValidationParameters Parameters(string audience, TimeProvider clock) => new()
    {
        ValidAudience = audience,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.HmacSha384, SecurityAlgorithms.HmacSha512,
            SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512],
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = TimeSpan.FromMinutes(1),
        LifetimeValidator = (notBefore, expires, _, parameters) =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            return (notBefore is null || notBefore <= now + parameters.ClockSkew) && expires is { } e && e > now - parameters.ClockSkew;
        },
    };

    /// <summary>The unvalidated "iss", to pick which keys check the token; null when the token cannot be read at all.</summary>
    public static string? IssuerOf(JsonWebTokenHandler handler, string token)
    {
        if (!handler.CanReadToken(token)) return null;
        try
        {
            return handler.ReadJsonWebToken(token).Issuer;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>A claim's value as the ClaimsIdentity would give it (a JSON true reads "true"), or null.</summary>
    public static string? Claim(JsonWebToken jwt, string type) => jwt.TryGetClaim(type, out var claim) ? claim.Value : null;

    /// <summary>Until the moment the lifetime check would refuse the token, and no longer than <paramref name="atMost"/>.</summary>
    public static void Remember<T>(MemoryCache cache, string token, T validated, DateTime now, TimeSpan atMost) where T : IRemembered
    {
        if (validated.Until <= now) return;
        cache.Set(token, validated, new MemoryCacheEntryOptions
        {
            Size = 1,
            AbsoluteExpirationRelativeToNow = validated.Until - now < atMost ? validated.Until - now : atMost,
        });
    }

    /// <summary>Enough for a developer to fix their token; nothing about our keys.</summary>
    public static string Reason(Exception? e) => e switch
    {
        SecurityTokenExpiredException => "The token has expired.",
        SecurityTokenNotYetValidException => "The token is not valid yet.",
        SecurityTokenInvalidAudienceException => "The token is for another audience.",
        SecurityTokenInvalidIssuerException => "The token is from an unknown issuer.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The token's signature does not verify.",
        SecurityTokenNoExpirationException => "The token has no expiry.",
        SecurityTokenInvalidLifetimeException => "The token has expired or is not valid yet.",
        SecurityTokenInvalidAlgorithmException => "The token's signing algorithm is not accepted.",
        _ => "The token is malformed or invalid.",
    };
}

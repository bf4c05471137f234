using System.Security.Claims;
using FanRewards.Core;
using FanRewards.Functions.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FanRewards.Functions.Tests.Identity;

/// <summary>A validated token is remembered, so a phone's next entry skips the signature check, but never past its expiry.</summary>
public sealed class EntrantAuthenticatorTests
{
    private static readonly DateTimeOffset Now = new(2027, 2, 20, 4, 0, 0, TimeSpan.Zero);
    private readonly SymmetricSecurityKey _key = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private readonly ManualClock _clock = new(Now);

    [Fact]
    public async Task A_validated_token_is_not_checked_again()
    {
        var keys = new List<SecurityKey> { _key };
        using var authenticator = Authenticator(keys);
        var token = Token("worker-7", Now.AddHours(1), member: true);
        Assert.Equal(new("worker-7", true), await authenticator.AuthenticateAsync(Request(token)));

        keys.Clear(); // a second check would now fail: the answer comes from what was remembered

        Assert.Equal(new("worker-7", true), await authenticator.AuthenticateAsync(Request(token)));
        await Refused(authenticator, Token("worker-8", Now.AddHours(1)), "signature");
    }

    [Fact]
    public async Task A_remembered_token_is_refused_once_it_has_expired()
    {
        using var authenticator = Authenticator([_key]);
        var token = Token("worker-7", Now.AddMinutes(2));
        await authenticator.AuthenticateAsync(Request(token));

        _clock.Now = Now.AddMinutes(2).AddSeconds(59); // within the minute of clock skew allowed
        await authenticator.AuthenticateAsync(Request(token));

        _clock.Now = Now.AddMinutes(3).AddSeconds(1);
        await Refused(authenticator, token, "expired");
    }

    [Fact]
    public async Task A_refused_token_stays_refused()
    {
        using var authenticator = Authenticator([_key]);
        var token = Token("a/b#c", Now.AddHours(1));

        await Refused(authenticator, token, "'sub'");
        await Refused(authenticator, token, "'sub'");
    }

    private EntrantAuthenticator Authenticator(IReadOnlyList<SecurityKey> keys) =>
        new(new EntrantTokenOptions { Issuer = "union-idp", Audience = "fanrewards", SigningKeys = keys }, _clock);

    private static async Task Refused(EntrantAuthenticator authenticator, string token, string reason)
    {
        var problem = (await Assert.ThrowsAsync<ProblemException>(() => authenticator.AuthenticateAsync(Request(token)))).Problem;
        Assert.Equal(401, problem.Status);
        Assert.Contains(reason, problem.Detail);
    }

    private string Token(string sub, DateTimeOffset expires, bool member = false) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "union-idp", Audience = "fanrewards", Subject = new ClaimsIdentity([new Claim("sub", sub)]),
        Claims = new Dictionary<string, object> { ["member"] = member },
        IssuedAt = Now.UtcDateTime.AddMinutes(-1), NotBefore = Now.UtcDateTime.AddMinutes(-1), Expires = expires.UtcDateTime,
        SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
    });

    private static HttpRequest Request(string token)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = "Bearer " + token;
        return context.Request;
    }
}

using FanRewards.Core;
using FanRewards.Functions.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;

namespace FanRewards.Functions.Tests.Identity;

/// <summary>
/// Entrant tokens from a member platform's OpenID Connect provider (Entrants:Authority): issuer and keys from its metadata,
/// audience from settings, a key rotation picked up without a restart, beside the static keys.
/// </summary>
public sealed class EntrantOidcTests : IAsyncLifetime
{
    private const string Audience = "fanrewards";
    private readonly SymmetricSecurityKey _staticKey = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private LocalOidcProvider _idp = null!;

    public async Task InitializeAsync() => _idp = await LocalOidcProvider.StartAsync();

    public async Task DisposeAsync() => await _idp.DisposeAsync();

    [Fact]
    public async Task A_platform_token_is_accepted_and_after_a_rotation_the_new_key_is_accepted_without_a_restart_and_the_removed_one_refused()
    {
        using var authenticator = Authenticator();
        var oldKey = _idp.CurrentKey;
        Assert.Equal(new("worker-1", true), await authenticator.AuthenticateAsync(Request(Member("worker-1", oldKey))));

        var newKey = _idp.Rotate();

        Assert.Equal(new("worker-2", true), await authenticator.AuthenticateAsync(Request(Member("worker-2", newKey))));
        var refused = await Assert.ThrowsAsync<ProblemException>(() => authenticator.AuthenticateAsync(Request(Member("worker-3", oldKey))));
        Assert.Equal(401, refused.Problem.Status);
        Assert.Contains("signature", refused.Problem.Detail);
    }

    [Fact]
    public async Task A_platform_token_for_another_audience_or_from_another_issuer_is_refused_and_static_keys_still_work()
    {
        using var authenticator = Authenticator();

        var audience = await Assert.ThrowsAsync<ProblemException>(() => authenticator.AuthenticateAsync(Request(
            _idp.Mint(new Dictionary<string, object> { ["sub"] = "worker-1" }, "someone-else"))));
        var issuer = await Assert.ThrowsAsync<ProblemException>(() => authenticator.AuthenticateAsync(Request(
            _idp.Mint(new Dictionary<string, object> { ["sub"] = "worker-1" }, Audience, issuer: "https://other.example.com"))));
        var fromStaticKey = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "union-static", Audience = Audience, Expires = DateTime.UtcNow.AddHours(1),
            Claims = new Dictionary<string, object> { ["sub"] = "worker-9" },
            SigningCredentials = new SigningCredentials(_staticKey, SecurityAlgorithms.HmacSha256),
        });

        Assert.Contains("audience", audience.Problem.Detail);
        Assert.Contains("issuer", issuer.Problem.Detail);
        Assert.Equal("worker-9", (await authenticator.AuthenticateAsync(Request(fromStaticKey))).Id);
    }

    [Fact]
    public async Task When_the_platform_cannot_be_reached_a_platform_token_gets_a_503_with_Retry_After_not_a_401()
    {
        var gone = await LocalOidcProvider.StartAsync();
        var token = gone.Mint(new Dictionary<string, object> { ["sub"] = "worker-1" }, Audience);
        using var authenticator = new EntrantAuthenticator(
            new EntrantTokenOptions { Issuer = "union-static", Audience = Audience, SigningKeys = [_staticKey], Authority = gone.Authority },
            TimeProvider.System);
        await gone.DisposeAsync();

        var refused = await Assert.ThrowsAsync<ProblemException>(() => authenticator.AuthenticateAsync(Request(token)));

        Assert.Equal(503, refused.Problem.Status);
        Assert.Equal(Problem.TypePrefix + "entrant-authority-unavailable", refused.Problem.Type);
        Assert.Equal(60, refused.Problem.Extensions?["retryAfterSeconds"]);
    }

    private EntrantAuthenticator Authenticator() =>
        new(new EntrantTokenOptions { Issuer = "union-static", Audience = Audience, SigningKeys = [_staticKey], Authority = _idp.Authority },
            TimeProvider.System);

    private string Member(string sub, RsaSecurityKey key) =>
        _idp.Mint(new Dictionary<string, object> { ["sub"] = sub, ["member"] = true }, Audience, key: key);

    private static HttpRequest Request(string token)
    {
        var request = new DefaultHttpContext().Request;
        request.Headers.Authorization = "Bearer " + token;
        return request;
    }
}

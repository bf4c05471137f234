using FanRewards.Core;
using FanRewards.Core.Admins;
using FanRewards.Functions.Approvals;
using FanRewards.Functions.Campaigns;
using FanRewards.Functions.Http;
using FanRewards.Functions.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging.Abstractions;

namespace FanRewards.Functions.Tests.Identity;

/// <summary>
/// Admin tokens checked against a local OpenID Connect provider, as against Entra ID: issuer and keys from its metadata,
/// audience from settings, the lifetime, the roles; a key rotation is picked up without a restart.
/// </summary>
public sealed class AdminTokenTests : IAsyncLifetime
{
    private const string Audience = "api://fanrewards-admin-test";
    private LocalOidcProvider _idp = null!;

    public async Task InitializeAsync() => _idp = await LocalOidcProvider.StartAsync();

    public async Task DisposeAsync() => await _idp.DisposeAsync();

    [Fact]
    public async Task A_valid_token_names_the_person_by_oid_and_name_with_the_roles_it_carries()
    {
        using var authenticator = Authenticator();

        var admin = await authenticator.AuthenticateAsync(Request(_idp.Mint(Claims("oid-1", "王主任", AdminRoles.Publisher, AdminRoles.Auditor), Audience)));

        Assert.Equal("oid-1", admin.Id);
        Assert.Equal("王主任", admin.Name);
        Assert.Equal([AdminRoles.Auditor, AdminRoles.Publisher], admin.Roles.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_app_registration_without_oid_or_name_is_named_by_sub_and_azp()
    {
        using var authenticator = Authenticator();
        var token = _idp.Mint(new Dictionary<string, object> { ["sub"] = "app-9", ["azp"] = "fulfilment-robot", ["roles"] = new[] { AdminRoles.Fulfilment } }, Audience);

        var admin = await authenticator.AuthenticateAsync(Request(token));

        Assert.Equal(("app-9", "fulfilment-robot"), (admin.Id, admin.Name));
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_401()
    {
        using var authenticator = Authenticator();

        var problem = await RefusedAsync(authenticator, _idp.Mint(Claims("oid-1", "x", AdminRoles.Publisher), Audience, issuer: "https://login.example.com/other/v2.0"));

        Assert.Equal((401, AdminProblems.UnauthorizedType), (problem.Status, problem.Type));
        Assert.Contains("issuer", problem.Detail);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_401()
    {
        using var authenticator = Authenticator();

        var problem = await RefusedAsync(authenticator, _idp.Mint(Claims("oid-1", "x", AdminRoles.Publisher), "api://someone-else"));

        Assert.Contains("audience", problem.Detail);
    }

    [Fact]
    public async Task An_expired_token_is_401()
    {
        using var authenticator = Authenticator();

        var problem = await RefusedAsync(authenticator,
            _idp.Mint(Claims("oid-1", "x", AdminRoles.Publisher), Audience, expires: DateTime.UtcNow.AddMinutes(-10)));

        Assert.Contains("expired", problem.Detail);
    }

    [Fact]
    public async Task A_token_signed_with_a_key_the_provider_never_published_is_401()
    {
        using var authenticator = Authenticator();
        var stranger = new Microsoft.IdentityModel.Tokens.RsaSecurityKey(System.Security.Cryptography.RSA.Create(2048)) { KeyId = "key-1" };

        var problem = await RefusedAsync(authenticator, _idp.Mint(Claims("oid-1", "x", AdminRoles.Publisher), Audience, key: stranger));

        Assert.Contains("signature", problem.Detail);
    }

    [Fact]
    public async Task A_token_without_the_routes_role_is_403_naming_the_roles_and_one_with_it_is_admitted()
    {
        using var authenticator = Authenticator();
        var gate = new TokenAdminGate(authenticator);
        var auditor = Request(_idp.Mint(Claims("oid-2", "审计员", AdminRoles.Auditor), Audience));

        var problem = (await Assert.ThrowsAsync<ProblemException>(() => gate.AdmitAsync(auditor, nameof(AdminCampaignFunctions.PublishCampaign)))).Problem;

        Assert.Equal((403, AdminProblems.ForbiddenType), (problem.Status, problem.Type));
        Assert.Contains(AdminRoles.Publisher, problem.Detail);
        Assert.Equal([AdminRoles.Publisher], (IReadOnlyList<string>)problem.Extensions!["requiredRoles"]!);
        var publisher = await gate.AdmitAsync(Request(_idp.Mint(Claims("oid-3", "发布人", AdminRoles.Publisher), Audience)),
            nameof(AdminCampaignFunctions.PublishCampaign));
        Assert.Equal("oid-3", publisher.Id);
    }

    [Fact]
    public async Task After_a_rotation_the_new_key_is_accepted_without_a_restart_and_the_old_one_refused()
    {
        using var authenticator = Authenticator();
        var oldKey = _idp.CurrentKey;
        await authenticator.AuthenticateAsync(Request(_idp.Mint(Claims("oid-1", "王主任", AdminRoles.Publisher), Audience)));
        var readsBefore = _idp.MetadataReads;

        var newKey = _idp.Rotate();

        // Signed with the new key and never seen before: the unknown key id makes the authenticator read the keys again.
        var admin = await authenticator.AuthenticateAsync(Request(_idp.Mint(Claims("oid-4", "李干事", AdminRoles.Publisher), Audience, key: newKey)));
        Assert.Equal("oid-4", admin.Id);
        Assert.True(_idp.MetadataReads > readsBefore, "the keys were read again");
        // A fresh token with the key the provider no longer publishes (not one remembered from before).
        var problem = await RefusedAsync(authenticator, _idp.Mint(Claims("oid-5", "张三", AdminRoles.Publisher), Audience, key: oldKey));
        Assert.Contains("signature", problem.Detail);
    }

    [Fact]
    public async Task Made_up_key_ids_do_not_make_the_authenticator_read_the_keys_on_every_request()
    {
        using var authenticator = Authenticator(refresh: TimeSpan.FromMinutes(5));
        await authenticator.AuthenticateAsync(Request(_idp.Mint(Claims("oid-1", "王主任", AdminRoles.Publisher), Audience)));

        for (var i = 0; i < 5; i++)
        {
            var stranger = new Microsoft.IdentityModel.Tokens.RsaSecurityKey(System.Security.Cryptography.RSA.Create(2048)) { KeyId = "made-up-" + i };
            await RefusedAsync(authenticator, _idp.Mint(Claims("oid-1", "x", AdminRoles.Publisher), Audience, key: stranger));
        }

        Assert.True(_idp.MetadataReads <= 2, $"{_idp.MetadataReads} metadata reads for 5 made-up key ids");
    }

    [Fact]
    public async Task No_token_or_not_a_bearer_token_is_401()
    {
        using var authenticator = Authenticator();

        await RefusedAsync(authenticator, null);
        var basic = new DefaultHttpContext().Request;
        basic.Headers.Authorization = "Basic eDp5";
        var problem = (await Assert.ThrowsAsync<ProblemException>(() => authenticator.AuthenticateAsync(basic))).Problem;
        Assert.Equal(401, problem.Status);
    }

    [Fact]
    public async Task When_the_authority_cannot_be_reached_an_admin_route_answers_503_with_Retry_After_not_a_401()
    {
        var gone = await LocalOidcProvider.StartAsync();
        var token = gone.Mint(Claims("oid-1", "王主任", AdminRoles.Auditor), Audience);
        using var authenticator = new AdminAuthenticator(new AdminTokenOptions { Authority = gone.Authority, Audience = Audience }, TimeProvider.System);
        await gone.DisposeAsync();
        var gate = new TokenAdminGate(authenticator);
        var request = HttpTestContext.Request("GET", headers: new Dictionary<string, string> { ["Authorization"] = "Bearer " + token });

        var result = await HttpEndpoint.RunAsync(request, NullLogger.Instance, async _ =>
        {
            await gate.AdmitAsync(request, nameof(ApprovalFunctions.ListApprovals));
            return new OkResult();
        });
        var response = await HttpTestContext.Execute(request, result);

        response.AssertProblem(503, "admin-authority-unavailable");
        Assert.Equal("60", response.Headers.RetryAfter.ToString());
        Assert.Equal(60, response.Json.GetProperty("retryAfterSeconds").GetInt32());
    }

    private AdminAuthenticator Authenticator(TimeSpan? refresh = null) =>
        new(new AdminTokenOptions { Authority = _idp.Authority, Audience = Audience, KeyRefreshInterval = refresh ?? TimeSpan.FromSeconds(1) },
            TimeProvider.System);

    private static Dictionary<string, object> Claims(string oid, string name, params string[] roles) =>
        new() { ["oid"] = oid, ["sub"] = "pairwise-" + oid, ["name"] = name, ["roles"] = roles };

    private static HttpRequest Request(string? token)
    {
        var request = new DefaultHttpContext().Request;
        if (token is not null) request.Headers.Authorization = "Bearer " + token;
        return request;
    }

    private static async Task<Problem> RefusedAsync(AdminAuthenticator authenticator, string? token)
    {
        var problem = (await Assert.ThrowsAsync<ProblemException>(() => authenticator.AuthenticateAsync(Request(token)))).Problem;
        Assert.Equal((401, AdminProblems.UnauthorizedType), (problem.Status, problem.Type));
        return problem;
    }
}

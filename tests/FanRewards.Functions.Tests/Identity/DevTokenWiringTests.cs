using FanRewards.Core;
using FanRewards.Functions.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace FanRewards.Functions.Tests.Identity;

/// <summary>
/// The Function App's own wiring mints no dev tokens and accepts none, even in Development and even when the DevHost's
/// settings (a dev token switch and key) are in its configuration: only the DevHost adds a dev key.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DevTokenWiringTests(AzuriteFixture azurite)
{
    private static readonly byte[] DevKey = Enumerable.Range(7, 32).Select(i => (byte)i).ToArray();

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task The_function_app_answers_404_for_dev_tokens_and_refuses_one_signed_with_the_dev_key(string environment)
    {
        using var host = FunctionAppHost(environment);
        var options = host.Services.GetRequiredService<EntrantTokenOptions>();
        Assert.Null(options.DevSigningKey);

        var mint = ActivatorUtilities.CreateInstance<DevTokenFunctions>(host.Services);
        var request = HttpTestContext.Request("POST", """{"sub":"dev-1","member":true}""");
        (await HttpTestContext.Execute(request, await mint.MintDevToken(request))).AssertProblem(404, "not-found");

        var devSigned = DevToken.Mint(options, new SymmetricSecurityKey(DevKey) { KeyId = EntrantTokenOptions.DevKeyId }, "dev-1", true, DateTime.UtcNow);
        var check = HttpTestContext.Request("GET", headers: new Dictionary<string, string> { ["Authorization"] = "Bearer " + devSigned.Token });
        var refused = await Assert.ThrowsAsync<ProblemException>(() => host.Services.GetRequiredService<EntrantAuthenticator>().AuthenticateAsync(check));
        Assert.Equal(401, refused.Problem.Status);
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task The_function_app_answers_404_for_dev_admin_tokens_and_refuses_one_from_the_dev_issuer(string environment)
    {
        await using var idp = await LocalOidcProvider.StartAsync();
        using var host = FunctionAppHost(environment, new() { [AppSettingNames.AdminsAuthority] = idp.Authority.AbsoluteUri, [AppSettingNames.AdminsAudience] = "api://admin" });
        var options = host.Services.GetRequiredService<AdminTokenOptions>();
        Assert.Null(options.DevSigningKey);

        var mint = ActivatorUtilities.CreateInstance<DevAdminTokenFunctions>(host.Services);
        var request = HttpTestContext.Request("POST", """{"name":"王主任","roles":["publisher"]}""");
        (await HttpTestContext.Execute(request, await mint.MintDevAdminToken(request))).AssertProblem(404, "not-found");

        var devSigned = DevAdminToken.Mint(options, new SymmetricSecurityKey(DevKey) { KeyId = AdminTokenOptions.DevKeyId }, "王主任",
            [Core.Admins.AdminRoles.Publisher], DateTime.UtcNow);
        var check = HttpTestContext.Request("GET", headers: new Dictionary<string, string> { ["Authorization"] = "Bearer " + devSigned.Token });
        var refused = await Assert.ThrowsAsync<ProblemException>(() => host.Services.GetRequiredService<AdminAuthenticator>().AuthenticateAsync(check));
        Assert.Equal((401, AdminProblems.UnauthorizedType), (refused.Problem.Status, refused.Problem.Type));
    }

    [Fact]
    public void Without_an_admin_authority_the_function_app_outside_development_does_not_start_and_names_the_setting()
    {
        using var host = FunctionAppHost("Production", new() { [AppSettingNames.AdminsAudience] = "api://admin" });

        var error = Assert.ThrowsAny<Exception>(() => host.Services.GetRequiredService<AdminTokenOptions>());

        Assert.Contains(AppSettingNames.AdminsAuthority, error.Message);
    }

    /// <summary>The Function App's registration with a signing key, the DevHost's settings in its configuration and all.</summary>
    private IHost FunctionAppHost(string environment, Dictionary<string, string?>? more = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [AppSettingNames.StorageConnection] = azurite.ConnectionString,
            [AppSettingNames.TablePrefix] = FanRewards.Testing.StorageNames.Unique("devtokens"),
            [AppSettingNames.EntrantsIssuer] = "union-idp",
            [AppSettingNames.EntrantsAudience] = "fanrewards",
            [AppSettingNames.EntrantsHmacKeys + ":0"] = Convert.ToBase64String(new byte[32]),
            ["DevHost:EntrantDevTokens"] = "true",
            ["DevHost:EntrantDevTokenKey"] = Convert.ToBase64String(DevKey),
            ["DevHost:AdminDevTokens"] = "true",
            ["DevHost:AdminDevTokenKey"] = Convert.ToBase64String(DevKey),
        });
        builder.Configuration.AddInMemoryCollection(more ?? []);
        builder.Services.AddFanRewards(builder.Configuration);
        builder.Services.AddSingleton(TimeProvider.System);
        return builder.Build();
    }
}

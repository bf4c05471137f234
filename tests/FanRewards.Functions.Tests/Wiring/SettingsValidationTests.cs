using System.Security.Claims;
using System.Text.RegularExpressions;
using FanRewards.Core;
using FanRewards.Functions.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FanRewards.Functions.Tests.Wiring;

/// <summary>
/// The app's settings are checked when the host starts: a missing or malformed one stops the start with the setting's
/// name in the message, before any request; with nothing but storage configured the defaults start.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class SettingsValidationTests(AzuriteFixture azurite)
{
    public static TheoryData<string, string> MalformedSettings => new()
    {
        { AppSettingNames.DrawLeaseSeconds, "sixty" },
        { AppSettingNames.DrawLeaseSeconds, "2" },
        { AppSettingNames.DrawLeaseRenewalSeconds, "60" },
        { AppSettingNames.DrawLeaseRenewalSeconds, "31" },
        { AppSettingNames.DrawLeaseRenewalSeconds, "0.5" },
        { AppSettingNames.RateLimitPerEntrant, "-1" },
        { AppSettingNames.RateLimitPerIp, "lots" },
        { AppSettingNames.RateLimitPerIp, "0" },
        { AppSettingNames.FigureFlushSeconds, "0" },
        { AppSettingNames.CampaignCacheSeconds, "-5" },
        { AppSettingNames.LeaderboardCacheSeconds, "soon" },
        { AppSettingNames.PrizeValueCapYuan, "0" },
        { AppSettingNames.AlwaysFourEyes, "maybe" },
        { AppSettingNames.PublicWinnersMaxAgeSeconds, "-1" },
        { AppSettingNames.PublicEntrySetMaxAgeSeconds, "forever" },
        { AppSettingNames.ServiceBusPublishMaxPerRun, "0" },
        { AppSettingNames.EntrantsHmacKeys + ":0", Convert.ToBase64String(new byte[16]) },
        { AppSettingNames.EntrantsHmacKeys + ":0", "not base64!" },
        { AppSettingNames.EntrantsRsaPublicKeys + ":0", "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----" },
        { AppSettingNames.PublicCampaignMaxAgeSeconds, "-1" },
        { AppSettingNames.PublicDrawnProofMaxAgeSeconds, "-300" },
        // Keys are read over https only (loopback aside): an http authority would refuse every token at runtime.
        { AppSettingNames.AdminsAuthority, "http://login.microsoftonline.com/union-tenant/v2.0" },
        { AppSettingNames.EntrantsAuthority, "http://members.example" },
        { AppSettingNames.EntrantsAuthority, "ftp://members.example" },
    };

    [Theory]
    [MemberData(nameof(MalformedSettings))]
    public async Task A_malformed_setting_stops_the_start_naming_the_setting(string setting, string value)
    {
        using var host = Host(Environments.Development, new() { [setting] = value });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        // A list item (Entrants:HmacKeys:0) is named by its list.
        Assert.Contains(ListIndex().Replace(setting, ""), error.Message);
    }

    [Fact]
    public async Task Outside_development_a_missing_entrant_issuer_stops_the_start_naming_it()
    {
        using var host = Host(Environments.Production, new() { [AppSettingNames.EntrantsHmacKeys + ":0"] = Convert.ToBase64String(new byte[32]) });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains("Entrants:Issuer", error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("@Microsoft.KeyVault(VaultName=kv-fanrewards;SecretName=entrants-hmac-key-0)")]
    public async Task Outside_development_without_a_signing_key_yet_the_host_starts_and_refuses_every_entrant_token(string? unresolved)
    {
        var settings = new Dictionary<string, string?>
        {
            [AppSettingNames.EntrantsIssuer] = "https://members.example",
            [AppSettingNames.EntrantsAudience] = "fanrewards",
            [AppSettingNames.AdminsAuthority] = "https://login.microsoftonline.com/union-tenant/v2.0",
            [AppSettingNames.AdminsAudience] = "api://fanrewards-admin",
        };
        if (unresolved is not null) settings[AppSettingNames.EntrantsHmacKeys + ":0"] = unresolved;
        using var host = Host(Environments.Production, settings);

        await host.StartAsync();
        var authenticator = host.Services.GetRequiredService<EntrantAuthenticator>();
        var request = new DefaultHttpContext().Request;
        request.Headers.Authorization = "Bearer " + new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://members.example", Audience = "fanrewards", Subject = new ClaimsIdentity([new Claim("sub", "wx_zhang")]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(new byte[32]), SecurityAlgorithms.HmacSha256),
        });
        var refused = await Assert.ThrowsAsync<ProblemException>(() => authenticator.AuthenticateAsync(request));
        await host.StopAsync();

        Assert.Equal(401, refused.Problem.Status);
        Assert.Contains(AppSettingNames.EntrantsHmacKeys, refused.Problem.Detail);
    }

    [Fact]
    public async Task Storage_service_uris_that_are_not_uris_stop_the_start_naming_the_setting()
    {
        using var host = Host(Environments.Development, new()
        {
            [AppSettingNames.StorageConnection] = "",
            [AppSettingNames.StorageTableServiceUri] = "stexample.table",
        });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains(AppSettingNames.StorageTableServiceUri, error.Message);
    }

    [Fact]
    public async Task A_loopback_http_authority_starts_as_tests_and_the_DevHost_use_it()
    {
        using var host = Host(Environments.Development, new()
        {
            [AppSettingNames.AdminsAuthority] = "http://127.0.0.1:5999/tenant/v2.0",
            [AppSettingNames.EntrantsAuthority] = "http://localhost:5998",
        });

        await host.StartAsync();
        Assert.Equal("127.0.0.1", host.Services.GetRequiredService<AdminTokenOptions>().Authority?.Host);
        Assert.Equal("localhost", host.Services.GetRequiredService<EntrantTokenOptions>().Authority?.Host);
        await host.StopAsync();
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("true", true)]
    public async Task Four_eyes_for_every_campaign_is_off_unless_the_setting_turns_it_on(string? value, bool always)
    {
        using var host = Host(Environments.Development, value is null ? [] : new() { [AppSettingNames.AlwaysFourEyes] = value });

        await host.StartAsync();
        Assert.Equal(always, host.Services.GetRequiredService<Core.Campaigns.PublishPolicy>().AlwaysFourEyes);
        await host.StopAsync();
    }

    [Fact]
    public async Task With_only_storage_configured_the_defaults_start_and_stop()
    {
        using var host = Host(Environments.Development, []);

        await host.StartAsync();
        await host.StopAsync();
    }

    [Fact]
    public async Task Settings_at_the_edge_of_their_range_start()
    {
        using var host = Host(Environments.Development, new()
        {
            [AppSettingNames.DrawLeaseSeconds] = "5",
            [AppSettingNames.DrawLeaseRenewalSeconds] = "2.5",
            [AppSettingNames.CampaignCacheSeconds] = "0",
            [AppSettingNames.LeaderboardCacheSeconds] = "0",
            [AppSettingNames.FigureFlushSeconds] = "1",
            [AppSettingNames.RateLimitPerEntrant] = "1",
            [AppSettingNames.PublicEntrySetMaxAgeSeconds] = "0",
        });

        await host.StartAsync();
        await host.StopAsync();
    }

    /// <summary>A generic host with the app's registration, as the Function App and the DevHost have it, on a store of its own.</summary>
    private IHost Host(string environment, Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(
            new HostApplicationBuilderSettings { EnvironmentName = environment, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [AppSettingNames.StorageConnection] = azurite.ConnectionString,
            [AppSettingNames.TablePrefix] = StorageNames.Unique("settings"),
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddFanRewards(builder.Configuration);
        return builder.Build();
    }

    [GeneratedRegex(@"(:\d+)+$")]
    private static partial Regex ListIndex();
}

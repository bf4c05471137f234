using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FanRewards.DevHost.Discovery;
using FanRewards.Functions.Identity;
using FanRewards.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FanRewards.DevHost.Tests;

/// <summary>
/// Dev tokens are the DevHost's: on by its own setting (not by the environment's name), signed with a key of its own,
/// never with a configured signing key; off, the endpoint is not there.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DevTokenKeyWiringTests(AzuriteFixture azurite)
{
    private static readonly byte[] PlatformKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public async Task The_devhost_mints_dev_tokens_by_its_own_setting_even_in_production_and_accepts_them_with_its_own_key()
    {
        await using var devHost = await StartAsync("Production", []);

        var response = await devHost.Client().PostAsJsonAsync("/api/dev/tokens", new { sub = "dev-7", member = true });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        var options = devHost.Services.GetRequiredService<EntrantTokenOptions>();
        Assert.NotNull(options.DevSigningKey);
        Assert.DoesNotContain(options.DevSigningKey.Key, options.SigningKeys.OfType<Microsoft.IdentityModel.Tokens.SymmetricSecurityKey>()
            .Where(k => k != options.DevSigningKey).Select(k => k.Key), new BytesEqual());
        var entrant = await devHost.Services.GetRequiredService<EntrantAuthenticator>().AuthenticateAsync(Bearer(token));
        Assert.Equal("dev-7", entrant.Id);
    }

    [Fact]
    public async Task With_dev_tokens_off_the_endpoint_answers_404_even_in_development()
    {
        await using var devHost = await StartAsync("Development", new() { ["DevHost:EntrantDevTokens"] = "false" });

        var response = await devHost.Client().PostAsJsonAsync("/api/dev/tokens", new { sub = "dev-7", member = true });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(devHost.Services.GetRequiredService<EntrantTokenOptions>().DevSigningKey);
    }

    [Fact]
    public async Task A_dev_token_key_equal_to_the_platform_signing_key_stops_the_start()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync("Development",
            new() { ["DevHost:EntrantDevTokenKey"] = Convert.ToBase64String(PlatformKey) }));

        Assert.Contains("Entrants:HmacKeys", error.ToString());
    }

    private async Task<DevHostApp> StartAsync(string environment, Dictionary<string, string?> settings)
    {
        var devHost = await DevHostApp.BuildAsync(["--environment", environment], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["urls"] = "http://127.0.0.1:0",
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
                ["FanRewards:TablePrefix"] = StorageNames.Unique("devtokens"),
                ["DevHost:LoadSeeds"] = "false",
                ["Entrants:Issuer"] = "union-idp",
                ["Entrants:Audience"] = "fanrewards",
                ["Entrants:HmacKeys:0"] = Convert.ToBase64String(PlatformKey),
            });
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.Configure<FunctionDiscoveryOptions>(discovery =>
            {
                discovery.Assemblies.Clear();
                discovery.Types.Add(typeof(DevTokenFunctions));
            });
        });
        try
        {
            await devHost.StartAsync();
            return devHost;
        }
        catch
        {
            await devHost.DisposeAsync();
            throw;
        }
    }

    private static HttpRequest Bearer(string? token)
    {
        var request = new DefaultHttpContext().Request;
        request.Headers.Authorization = "Bearer " + token;
        return request;
    }

    private sealed class BytesEqual : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y);
        public int GetHashCode(byte[] obj) => obj.Length;
    }
}

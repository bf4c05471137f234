using System.Net;
using System.Text.Json;
using FanRewards.Functions.Entries;
using FanRewards.Testing;

namespace FanRewards.DevHost.Tests.Http;

/// <summary>
/// The DevHost has no front end in front of it: the per-address limit counts the connection's address, whatever a
/// client writes in X-Forwarded-For.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ClientAddressDevHostTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_DevHost_ignores_a_client_written_X_Forwarded_For()
    {
        await using var devHost = await TestDevHost.StartAsync(azurite.ConnectionString, [typeof(EntryFunctions)],
            new Dictionary<string, string?> { ["RateLimits:PerIpPer10Seconds"] = "3" });
        using var client = devHost.Client();

        // The leaderboard is anonymous: the address limit is all that stands before it.
        for (var i = 0; i < 3; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await Leaderboard(client, $"192.0.2.{i}")).StatusCode);
        var limited = await Leaderboard(client, "192.0.2.99");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta?.TotalSeconds >= 1);
        var problem = JsonDocument.Parse(await limited.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("per-address", problem.GetProperty("detail").GetString());
    }

    private static Task<HttpResponseMessage> Leaderboard(HttpClient client, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/campaigns/no-such-campaign/leaderboard");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request);
    }
}

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FanRewards.Core.Admins;
using FanRewards.Core.Json;
using FanRewards.Testing;
using FanRewards.Testing.OpenApi;
using Microsoft.Extensions.Configuration;

namespace FanRewards.DevHost.Tests.Support;

/// <summary>
/// The whole Function App in the DevHost on the shared Azurite, in a store of its own (so the seeds go into an empty
/// one), called through a client that checks every answer against the OpenAPI document; with the dev sign-ins the
/// console and a member platform would give. Shared by the end-to-end tests and the OpenAPI tour.
/// </summary>
internal sealed class FunctionAppSession : IAsyncDisposable
{
    /// <summary>The DevHost's function key: it opens the DevHost's own diagnostics, never the admin API.</summary>
    public const string FunctionKey = "e2e-function-key";

    private readonly DevHostApp _devHost;
    private readonly string _adminName;
    private string? _adminToken;

    private FunctionAppSession(DevHostApp devHost, string tablePrefix, string adminName)
    {
        _devHost = devHost;
        TablePrefix = tablePrefix;
        _adminName = adminName;
        // Every answer is checked against the OpenAPI document: one that drifts from it fails the test.
        Client = OpenApiValidatingHandler.Client(devHost.BaseAddress);
    }

    public HttpClient Client { get; }

    /// <summary>The prefix of this session's tables in the shared Azurite.</summary>
    public string TablePrefix { get; }

    /// <param name="azurite">The shared Azurite.</param>
    /// <param name="tablePrefix">The start of the tables' prefix, made unique per session.</param>
    /// <param name="adminName">The name of the admin with every role that <see cref="AdminAsync"/> signs in as.</param>
    /// <param name="settings">Settings over the defaults (caches off).</param>
    public static async Task<FunctionAppSession> StartAsync(AzuriteFixture azurite, string tablePrefix, string adminName,
        IDictionary<string, string?>? settings = null)
    {
        var prefix = StorageNames.Unique(tablePrefix);
        var devHost = await DevHostApp.BuildAsync([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["urls"] = "http://127.0.0.1:0",
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
                ["DevHost:FunctionKey"] = FunctionKey,
                ["FanRewards:TablePrefix"] = prefix,
                ["FanRewards:CampaignCacheSeconds"] = "0",
            });
            if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        });
        await devHost.StartAsync();
        return new FunctionAppSession(devHost, prefix, adminName);
    }

    /// <summary>A campaign's part as an admin's request body.</summary>
    public static string Json<T>(T value) => JsonSerializer.Serialize(value, FanRewardsJson.Options);

    /// <summary>
    /// An admin call with a bearer token: <paramref name="token"/>, or else a dev admin token with every role for the
    /// session's admin, from the DevHost's local issuer, as the console's dev sign-in gets one.
    /// </summary>
    public async Task<HttpResponseMessage> AdminAsync(HttpMethod method, string path, string? body = null,
        string mediaType = "application/json", string? token = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, "/api/" + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? (_adminToken ??= await AdminTokenAsync(_adminName, AdminRoles.All)));
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, mediaType);
        return await Client.SendAsync(request);
    }

    /// <summary>A call with an entrant's bearer token, or none.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body, string? bearer = null)
    {
        using var request = new HttpRequestMessage(method, "/api/" + path);
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return await Client.SendAsync(request);
    }

    /// <summary>A dev admin token from the DevHost's local issuer.</summary>
    public async Task<string> AdminTokenAsync(string name, IReadOnlyList<string> roles) =>
        await TokenAsync("/api/dev/admin-tokens", new { name, roles });

    /// <summary>A dev entrant token (DevHost only), a member of the platform or not.</summary>
    public async Task<string> DevTokenAsync(string sub, bool member) => await TokenAsync("/api/dev/tokens", new { sub, member });

    private async Task<string> TokenAsync<T>(string path, T body)
    {
        var response = await Client.PostAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _devHost.DisposeAsync();
    }
}

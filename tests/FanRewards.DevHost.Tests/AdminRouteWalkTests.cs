using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FanRewards.Core.Admins;
using FanRewards.Functions.Identity;
using FanRewards.Testing;
using Microsoft.Extensions.Configuration;

namespace FanRewards.DevHost.Tests;

/// <summary>
/// Every admin route the Worker SDK wrote into functions.metadata (so a new route cannot be left out), called through
/// the DevHost: anonymous is 401, a token without the route's roles is 403 naming them, a token with one of them gets past the gate.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class AdminRouteWalkTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private DevHostApp _devHost = null!;
    private HttpClient _client = null!;
    private readonly Dictionary<string, string> _tokens = [];

    public async Task InitializeAsync()
    {
        _devHost = await DevHostApp.BuildAsync([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["FanRewards:TablePrefix"] = StorageNames.Unique("walk"),
            ["DevHost:LoadSeeds"] = "false",
        }));
        await _devHost.StartAsync();
        _client = new HttpClient { BaseAddress = _devHost.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _devHost.DisposeAsync();
    }

    [Fact]
    public async Task Every_admin_route_in_the_function_metadata_refuses_anonymous_and_the_wrong_roles_and_admits_its_role()
    {
        var routes = AdminRoutesInMetadata();
        Assert.True(routes.Count >= 25, $"only {routes.Count} admin routes found in functions.metadata");

        foreach (var (name, method, route, authLevel) in routes)
        {
            Assert.True(authLevel == "Anonymous", $"{name}: admin routes are anonymous at the host (the bearer token is the key), not {authLevel}");
            var required = AdminRoutes.RolesOf(name);
            var path = "/api/" + RouteParameter().Replace(route, "x-1");

            var anonymous = await CallAsync(method, path, token: null);
            Assert.True(anonymous.Status == HttpStatusCode.Unauthorized, $"{name} anonymous: {anonymous.Status}");

            var others = AdminRoles.All.Except(required).ToList();
            var refused = await CallAsync(method, path, await TokenAsync(others));
            Assert.True(refused.Status == HttpStatusCode.Forbidden, $"{name} with {string.Join(",", others)}: {refused.Status}");
            Assert.Equal("urn:fanrewards:problem:admin-forbidden", refused.Body.GetProperty("type").GetString());
            Assert.Equal(required, refused.Body.GetProperty("requiredRoles").EnumerateArray().Select(r => r.GetString() ?? "").ToList());

            var admitted = await CallAsync(method, path, await TokenAsync([required[0]]));
            Assert.True(admitted.Status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{name} with {required[0]}: {admitted.Status}");
        }
    }

    [Fact]
    public async Task Me_names_the_signed_in_person_and_one_name_is_one_person()
    {
        var token = await TokenAsync([AdminRoles.Auditor], "王主任");

        var me = await CallAsync("get", "/api/manage/me", token);

        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Equal(DevAdminToken.IdOf("王主任"), me.Body.GetProperty("id").GetString());
        Assert.Matches("^dev-[0-9a-f]{16}$", me.Body.GetProperty("id").GetString());
        Assert.Equal("王主任", me.Body.GetProperty("name").GetString());
        Assert.Equal([AdminRoles.Auditor], me.Body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Theory]
    [InlineData("""{"name":"王主任","roles":["root"]}""")]
    [InlineData("""{"name":"","roles":["publisher"]}""")]
    [InlineData("""{"roles":["publisher"]}""")]
    [InlineData("""{"name":"王主任"}""")]
    public async Task A_dev_admin_token_for_an_unknown_role_or_a_bad_name_is_422(string body)
    {
        var response = await _client.PostAsync("/api/dev/admin-tokens", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
    }

    [Fact]
    public async Task The_dev_admin_token_endpoint_lists_every_role()
    {
        var roles = await _client.GetFromJsonAsync<JsonElement>("/api/dev/admin-tokens");

        Assert.Equal(AdminRoles.All, roles.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    private static List<(string Name, string Method, string Route, string AuthLevel)> AdminRoutesInMetadata()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        using var metadata = JsonDocument.Parse(File.ReadAllText(file));
        var routes = new List<(string, string, string, string)>();
        foreach (var function in metadata.RootElement.EnumerateArray())
        {
            foreach (var binding in function.GetProperty("bindings").EnumerateArray())
            {
                if (binding.GetProperty("type").GetString() != "httpTrigger") continue;
                var route = binding.GetProperty("route").GetString() ?? "";
                if (!route.StartsWith("manage/", StringComparison.Ordinal)) continue;
                foreach (var method in binding.GetProperty("methods").EnumerateArray())
                    routes.Add((function.GetProperty("name").GetString()!, method.GetString()!, route, binding.GetProperty("authLevel").GetString()!));
            }
        }
        return routes;
    }

    private async Task<string> TokenAsync(IReadOnlyList<string> roles, string name = "巡检员")
    {
        var key = name + "|" + string.Join(",", roles);
        if (_tokens.TryGetValue(key, out var known)) return known;
        var response = await _client.PostAsJsonAsync("/api/dev/admin-tokens", new { name, roles });
        response.EnsureSuccessStatusCode();
        return _tokens[key] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(string method, string path, string? token)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (method is "post" or "put") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return (response.StatusCode, body);
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace FanRewards.LoadDriver;

/// <summary>
/// The driver's organiser: admin routes answer only to bearer tokens, so it signs in once through the DevHost's
/// Development-only <c>/api/dev/admin-tokens</c> with every role and sends that token on every admin call (a request's
/// own entrant token replaces it), the DevHost's <c>manage/metrics</c> included (<see cref="ShardScans"/>).
/// </summary>
internal static class AdminSignIn
{
    private static readonly string[] AllRoles = ["campaign-editor", "publisher", "moderator", "draw-operator", "fulfilment", "auditor"];

    public static async Task AuthorizeAsync(HttpClient http)
    {
        using var response = await http.PostAsJsonAsync("api/dev/admin-tokens", new { name = "压测组织者", roles = AllRoles });
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"dev admin token: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }
}

using System.Globalization;
using System.Net.Http.Json;

namespace FanRewards.LoadDriver;

/// <summary>
/// The organiser's calls the benchmarks set their campaigns up with (signed in by <see cref="AdminSignIn"/>): a call
/// that must succeed, the campaign's local times, and the pieces their campaigns share.
/// </summary>
internal static class AdminCalls
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>The organiser every benchmark campaign names.</summary>
    public static object Organiser { get; } = new { name = "压测", contact = "bench@example.org" };

    /// <summary>A campaign time as the admin API takes it: the campaign's local time (Asia/Shanghai), without an offset.</summary>
    public static string Local(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Shanghai).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>
    /// Open from a minute before <paramref name="now"/> for two hours; one draw, "main", an hour after the close, of the
    /// prize "pass"; claims for two weeks. The benchmarks' entries all land while it is open.
    /// </summary>
    public static object OpenForTwoHours(DateTimeOffset now) => new
    {
        opensAt = Local(now.AddMinutes(-1)), closesAt = Local(now.AddHours(2)),
        draws = new[] { new { id = "main", at = Local(now.AddHours(3)), prizeIds = new[] { "pass" } } },
        claimDeadline = Local(now.AddDays(14)),
    };

    /// <summary>A benchmark campaign's rules: anyone may enter; how prizes are given and what becomes of unclaimed ones differ.</summary>
    public static object Rules(string awardMethod, string forfeiture) =>
        new { entryConditions = "任何人", awardMethod, claimInstructions = "填写", forfeiture };

    /// <summary>Riddle r1 of the "riddles" activity, answered "告" (what <see cref="EntrantRequests.Answer"/> sends).</summary>
    public static Task PutRiddleAsync(HttpClient http, string campaign) => SendAsync(http, HttpMethod.Put, $"api/manage/campaigns/{campaign}/riddles",
        new[] { new { id = "r1", activityId = "riddles", question = "一口咬掉牛尾巴", answers = new[] { "告" } } });

    /// <summary>Candidates c0…c9 of the "likes" activity (what the likes of <see cref="EntrantRequests.Like"/> name).</summary>
    public static Task PutLikeCandidatesAsync(HttpClient http, string campaign) => SendAsync(http, HttpMethod.Put, $"api/manage/campaigns/{campaign}/candidates",
        Enumerable.Range(0, 10).Select(i => new { id = $"c{i}", activityId = "likes", name = $"劳模{i}" }).ToArray());

    public static Task PublishAsync(HttpClient http, string campaign) => SendAsync(http, HttpMethod.Post, $"api/manage/campaigns/{campaign}/publish", null);

    /// <summary>An admin call that must succeed: anything else stops the benchmark with the answer's problem.</summary>
    public static async Task SendAsync(HttpClient http, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}

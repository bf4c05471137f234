using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FanRewards.Core.Admins;
using FanRewards.Testing;
using FanRewards.Testing.OpenApi;

namespace FanRewards.DevHost.Tests;

/// <summary>
/// The real Function App in the DevHost, called the way the OpenAPI document says, through a client that checks every
/// answer against the document: each operation's security as the function enforces it, and a tour of the operations
/// the other end-to-end tests do not reach (which also gives them their recorded examples, tools/openapi-examples.sh).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class OpenApiTourTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private FunctionAppSession _app = null!;

    private HttpClient Client => _app.Client;

    public async Task InitializeAsync() => _app = await FunctionAppSession.StartAsync(azurite, "oa", "tour");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_document_is_served_at_api_openapi_json_as_kept_in_the_repository()
    {
        var response = await Client.GetAsync("/api/openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var served = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("3.1.0", served.GetProperty("openapi").GetString());
        Assert.Equal(OpenApiContract.FromRepository.Operations.Count,
            served.GetProperty("paths").EnumerateObject().Sum(p => p.Value.EnumerateObject().Count()));
    }

    [Fact]
    public async Task Every_operation_without_credentials_is_refused_exactly_when_the_document_asks_for_a_token()
    {
        foreach (var operation in OpenApiContract.FromRepository.Operations)
        {
            var path = "/api" + System.Text.RegularExpressions.Regex.Replace(operation.PathTemplate, @"\{campaignId\}", "lantern-festival-2027")
                .Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal).ToLowerInvariant();
            using var request = new HttpRequestMessage(new HttpMethod(operation.Method), path);
            var response = await Client.SendAsync(request); // checked against the document like every answer

            var scheme = operation.Definition["security"]?.AsArray().SelectMany(s => s!.AsObject().Select(p => p.Key)).SingleOrDefault();
            if (scheme is null)
                Assert.True(response.StatusCode != HttpStatusCode.Unauthorized, $"{operation.Id} is public but answered 401");
            else
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{operation.Id} needs {scheme} but answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task A_tour_of_moderation_vouchers_judging_and_a_campaign_lifecycle_answers_as_documented()
    {
        var member = await DevToken("tour-member", member: true);
        var other = await DevToken("tour-other", member: true);
        await Send(HttpMethod.Post, "campaigns/womens-day-2027/activities/womens-day-messages/messages", """{"text":"节日快乐，姐妹们"}""", bearer: member);
        await Send(HttpMethod.Post, "campaigns/womens-day-2027/activities/womens-day-messages/messages", """{"text":"姐妹们节日好"}""", bearer: other);
        Assert.Equal(HttpStatusCode.OK, (await Admin(HttpMethod.Post, "manage/campaigns/womens-day-2027/messages/womens-day-messages/tour-member/approve")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Admin(HttpMethod.Post, "manage/campaigns/womens-day-2027/messages/womens-day-messages/tour-other/reject")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Admin(HttpMethod.Get, "manage/campaigns/womens-day-2027/messages?status=approved&max=5")).StatusCode);

        await Send(HttpMethod.Post, "campaigns/museum-day-2027/activities/museum-day-signup/signups", """{"fields":{"child-age-group":"6-8岁","visit-date":"2027-08-07（周六）"}}""", bearer: member);
        await Send(HttpMethod.Post, "campaigns/history-reflections-2027/activities/history-reflections/messages", """{"text":"百年工运，三秦记忆，观后深受教育。"}""", bearer: member);
        await Admin(HttpMethod.Post, "manage/campaigns/history-reflections-2027/activities/history-reflections/awards", """{"entrantId":"tour-member","prizeId":"history-book-set"}""");
        await Admin(HttpMethod.Post, "manage/campaigns/lantern-festival-2027/entrants/tour-other/disqualify", """{"reason":"重复账号"}""");

        Assert.Equal(HttpStatusCode.OK, (await Admin(HttpMethod.Post, "manage/campaigns/model-worker-likes-2027/prizes/movie-ticket/vouchers", """{"codes":["TOUR-0001","TOUR-0002"]}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Admin(HttpMethod.Post, "manage/campaigns/model-worker-likes-2027/prizes/movie-ticket/vouchers", "TOUR-0003\nTOUR-0004", "text/plain")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Admin(HttpMethod.Get, "manage/campaigns/model-worker-likes-2027/prizes/movie-ticket/vouchers")).StatusCode);
        await Send(HttpMethod.Post, "campaigns/model-worker-likes-2027/candidates/zhao-jianguo/likes", null, bearer: other);
        await Send(HttpMethod.Post, "me/campaigns/model-worker-likes-2027/claims/decline", null, bearer: other);
        await Send(HttpMethod.Get, "campaigns/lantern-festival-2027/activities/lantern-riddles/instant-proof", null);

        await ALifecycleAsync();
    }

    [Fact]
    public async Task A_tour_of_signing_in_four_eyes_personal_data_access_and_fraud_review_answers_as_documented()
    {
        var roles = await Client.GetFromJsonAsync<JsonElement>("/api/dev/admin-tokens");
        Assert.Equal(AdminRoles.All, roles.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        var me = await Admin(HttpMethod.Get, "manage/me");
        Assert.Equal("tour", (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());

        // Four eyes: publishing asks a second publisher, who approves; a request can also be cancelled.
        var second = await AdminToken("tour-second", [AdminRoles.Publisher]);
        var approved = await FourEyesRequestAsync("oa-four");
        Assert.Equal(HttpStatusCode.OK, (await Admin(HttpMethod.Get, "manage/campaigns/oa-four/approvals")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Admin(HttpMethod.Post, $"manage/campaigns/oa-four/approvals/{approved}/approve", token: second)).StatusCode);
        var cancelled = await FourEyesRequestAsync("oa-four-cancel");
        Assert.Equal(HttpStatusCode.OK, (await Admin(HttpMethod.Post, $"manage/campaigns/oa-four-cancel/approvals/{cancelled}/cancel")).StatusCode);

        // Personal data leaves with a reason, and the auditor reads who took it.
        Assert.Equal(HttpStatusCode.OK, (await Admin(HttpMethod.Get, "manage/campaigns/lantern-festival-2027/awards.csv?reason=tour%20check")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Admin(HttpMethod.Get, "manage/campaigns/lantern-festival-2027/data-access")).StatusCode);

        // Fraud review, and disqualifying in bulk.
        Assert.Equal(HttpStatusCode.OK, (await Admin(HttpMethod.Get, "manage/campaigns/lantern-festival-2027/suspicious")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Admin(HttpMethod.Post, "manage/campaigns/lantern-festival-2027/disqualifications",
            """{"entrantIds":["tour-bulk"],"reason":"重复账号"}""")).StatusCode);
    }

    /// <summary>A draft with four eyes on, published: 202 and the approval's id.</summary>
    private async Task<string> FourEyesRequestAsync(string id)
    {
        var opens = DateTimeOffset.UtcNow.AddDays(1);
        var campaign = TestCampaign.Riddle(id, opens.AddDays(7), riddles: 0)
            .WithoutDraws()
            .OpenBetween(opens, opens.AddDays(7))
            .ClaimsUntil(opens.AddDays(21))
            .WithDraw("main", opens.AddDays(8), ["pass"], alternates: 1)
            .WithRiddle("r1", "一口咬掉牛尾巴", ["告"])
            .WithFourEyes()
            .Build();
        Assert.Equal(HttpStatusCode.Created, (await Admin(HttpMethod.Post, "manage/campaigns", Json(campaign.Definition))).StatusCode);
        await Admin(HttpMethod.Put, $"manage/campaigns/{id}/riddles", Json(campaign.Riddles));
        await Admin(HttpMethod.Put, $"manage/campaigns/{id}/prizes", Json(campaign.Prizes));
        var publish = await Admin(HttpMethod.Post, $"manage/campaigns/{id}/publish");
        Assert.Equal(HttpStatusCode.Accepted, publish.StatusCode);
        return (await publish.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>A campaign created, given candidates, published, closed early, drawn by hand and archived.</summary>
    private async Task ALifecycleAsync()
    {
        var closes = DateTimeOffset.UtcNow.AddSeconds(3);
        var campaign = TestCampaign.Riddle("oa-tour", closes, riddles: 0)
            .WithoutDraws()
            .OpenBetween(closes.AddMinutes(-5), closes)
            .ClaimsUntil(closes.AddDays(14))
            .WithDraw("main", closes.AddDays(1), ["pass"], alternates: 1)
            .WithRiddle("r1", "一口咬掉牛尾巴", ["告"])
            .Build();
        Assert.Equal(HttpStatusCode.Created, (await Admin(HttpMethod.Post, "manage/campaigns", Json(campaign.Definition))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Admin(HttpMethod.Put, "manage/campaigns/oa-tour/candidates", "[]")).StatusCode);
        await Admin(HttpMethod.Put, "manage/campaigns/oa-tour/riddles", Json(campaign.Riddles));
        await Admin(HttpMethod.Put, "manage/campaigns/oa-tour/prizes", Json(campaign.Prizes));
        Assert.Equal(HttpStatusCode.OK, (await Admin(HttpMethod.Post, "manage/campaigns/oa-tour/publish")).StatusCode);
        await Send(HttpMethod.Post, "campaigns/oa-tour/riddles/r1/answers", """{"answer":"告"}""", bearer: await DevToken("tour-drawer", member: false));

        Assert.Equal(HttpStatusCode.OK, (await Admin(HttpMethod.Post, "manage/campaigns/oa-tour/close")).StatusCode);
        HttpResponseMessage run = null!;
        await Poll.UntilAsync(async () => (run = await Admin(HttpMethod.Post, "manage/campaigns/oa-tour/draws/main/run")).StatusCode != HttpStatusCode.Conflict,
            TimeSpan.FromSeconds(30), "the entries to close so the draw can run");
        Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        await Poll.UntilAsync(async () => (await Admin(HttpMethod.Post, "manage/campaigns/oa-tour/archive")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60), "the campaign to be archivable once drawn");
    }

    private static string Json<T>(T value) => FunctionAppSession.Json(value);

    /// <summary>An admin call with a dev admin token (every role) from the DevHost's local issuer, as the console signs in.</summary>
    private Task<HttpResponseMessage> Admin(HttpMethod method, string path, string? body = null, string mediaType = "application/json",
        string? token = null) => _app.AdminAsync(method, path, body, mediaType, token);

    private Task<string> AdminToken(string name, IReadOnlyList<string> roles) => _app.AdminTokenAsync(name, roles);

    private Task<HttpResponseMessage> Send(HttpMethod method, string path, string? body, string? bearer = null) =>
        _app.SendAsync(method, path, body, bearer);

    private Task<string> DevToken(string sub, bool member) => _app.DevTokenAsync(sub, member);
}

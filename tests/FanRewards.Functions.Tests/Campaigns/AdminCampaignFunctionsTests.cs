using System.Text.Json;
using FanRewards.Core.Admins;
using FanRewards.Core.Approvals;
using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Draws;
using FanRewards.Core.Due;
using FanRewards.Core.Json;
using FanRewards.Functions.Campaigns;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace FanRewards.Functions.Tests.Campaigns;

/// <summary>The admin triggers with the storage mocked: how input and failures map to responses, and that bad input writes nothing.</summary>
public sealed class AdminCampaignFunctionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly Mock<ICampaignStore> _store = new(MockBehavior.Strict);
    private readonly AdminCampaignFunctions _functions;

    public AdminCampaignFunctionsTests()
    {
        var clock = new ManualClock(Now);
        var catalog = new PublicCampaignCatalog(new CachingCampaignStore(_store.Object, clock, new CampaignCacheOptions()), clock);
        var admin = new CampaignAdminService(_store.Object, catalog, clock, new PublishPolicy(),
            // Strict: these tests publish nothing, so no draw, seed or due mark is written.
            [new DrawPublication(Mock.Of<IDrawStore>(MockBehavior.Strict)), new InstantWinPublication(Mock.Of<IInstantSeedStore>(MockBehavior.Strict)),
                new TopNPublication(new DueLedger(Mock.Of<IDueIndex>(MockBehavior.Strict), clock, new DueOptions()))]);
        // Strict: a publish these tests ask for is refused before any approval is written.
        var approvals = new ApprovalService(Mock.Of<IApprovalStore>(MockBehavior.Strict), admin, DrawFake.Runner(clock), DrawFake.Queries(),
            Mock.Of<IAuditLog>(MockBehavior.Strict), clock);
        _functions = new AdminCampaignFunctions(admin, approvals, TestAdminGate.Anyone, clock, NullLogger<AdminCampaignFunctions>.Instance);
    }

    [Fact]
    public async Task Create_answers_201_with_location_etag_and_the_campaign()
    {
        _store.Setup(s => s.CreateAsync(It.IsAny<Campaign>(), It.IsAny<AuditEntry>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((Campaign c, AuditEntry _, CancellationToken _) => new StoredCampaign(c, "W/\"1\""));
        var body = JsonSerializer.Serialize(TestCampaign.Riddle("lantern", Now).BuildDefinition(), FanRewardsJson.Options);
        var request = HttpTestContext.Request("POST", body);

        var response = await HttpTestContext.Execute(request, await _functions.CreateCampaign(request));

        Assert.Equal(201, response.Status);
        Assert.Equal("/api/manage/campaigns/lantern", response.Headers.Location.ToString());
        Assert.Equal("W/\"1\"", response.Headers.ETag.ToString());
        Assert.Equal("draft", response.Json.GetProperty("status").GetString());
        _store.Verify(s => s.CreateAsync(It.IsAny<Campaign>(), It.Is<AuditEntry>(a => a.Actor == "王主任" && a.ActorId == "test-王主任" && a.Action == "create"),
            It.IsAny<CancellationToken>()));
    }

    [Theory]
    [InlineData("{\"id\": \"x\",", "invalid-json")]                        // malformed
    [InlineData("{\"id\": 42}", "invalid-json")]                           // wrong type
    [InlineData("{\"id\": \"x\", \"titel\": \"typo\"}", "invalid-json")]   // unknown field
    [InlineData("[1,2]", "invalid-json")]                                  // wrong shape
    [InlineData("null", "invalid-json")]
    [InlineData("", "invalid-json")]
    [InlineData("{\"id\": \"x\", \"activities\": [{\"id\": \"a\", \"kind\": 3}]}", "invalid-json")] // enum as number
    [InlineData("{\"id\": \"x\", \"activities\": [{\"id\": \"a\", \"kind\": \"lottery\"}]}", "invalid-json")]
    public async Task Create_with_a_body_that_is_not_a_campaign_is_400_and_writes_nothing(string body, string problem)
    {
        var request = HttpTestContext.Request("POST", body);

        var response = await HttpTestContext.Execute(request, await _functions.CreateCampaign(request));

        response.AssertProblem(400, problem);
        _store.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("{\"id\": \"Bad Id!\"}", "id")]
    [InlineData("{\"title\": \"no id\"}", "id")]
    [InlineData("{\"id\": \"ok\", \"timeZone\": \"Mars/Olympus\"}", "timeZone")]
    [InlineData("{\"id\": \"ok\", \"schedule\": {\"opensAt\": \"tomorrow\"}}", "schedule.opensAt")]
    public async Task Create_with_invalid_fields_is_422_naming_the_field_and_writes_nothing(string body, string field)
    {
        var request = HttpTestContext.Request("POST", body);

        var response = await HttpTestContext.Execute(request, await _functions.CreateCampaign(request));

        response.AssertProblem(422, "validation");
        Assert.True(response.Json.GetProperty("errors").TryGetProperty(field, out _), response.Body);
        _store.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_and_writes_nothing()
    {
        var huge = "{\"id\":\"x\",\"summary\":\"" + new string('a', 300 * 1024) + "\"}";
        var request = HttpTestContext.Request("POST", huge);

        var response = await HttpTestContext.Execute(request, await _functions.CreateCampaign(request));

        response.AssertProblem(413, "body-too-large");
        _store.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415()
    {
        var request = HttpTestContext.Request("POST", "id=x", contentType: "application/x-www-form-urlencoded");

        var response = await HttpTestContext.Execute(request, await _functions.CreateCampaign(request));

        response.AssertProblem(415, "unsupported-media-type");
    }

    [Fact]
    public async Task An_existing_id_is_409()
    {
        _store.Setup(s => s.CreateAsync(It.IsAny<Campaign>(), It.IsAny<AuditEntry>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new CampaignAlreadyExistsException("x"));
        var request = HttpTestContext.Request("POST", "{\"id\":\"x\"}");

        var response = await HttpTestContext.Execute(request, await _functions.CreateCampaign(request));

        response.AssertProblem(409, "already-exists");
    }

    [Fact]
    public async Task A_malformed_id_in_the_route_is_400_before_storage_is_asked()
    {
        var request = HttpTestContext.Request("GET");

        var response = await HttpTestContext.Execute(request, await _functions.GetCampaign(request, "DROP TABLE"));

        response.AssertProblem(400, "invalid-id");
        _store.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task An_unknown_campaign_is_404()
    {
        _store.Setup(s => s.FindAsync("nope", It.IsAny<CancellationToken>())).ReturnsAsync((StoredCampaign?)null);
        var request = HttpTestContext.Request("GET");

        var response = await HttpTestContext.Execute(request, await _functions.GetCampaign(request, "nope"));

        response.AssertProblem(404, "not-found");
    }

    [Fact]
    public async Task Get_returns_the_answers_to_admins_with_the_etag()
    {
        StoreHas(TestCampaign.Riddle("x", Now, riddles: 1).WithoutPrizes().Build(), "W/\"7\"");
        var request = HttpTestContext.Request("GET");

        var response = await HttpTestContext.Execute(request, await _functions.GetCampaign(request, "x"));

        Assert.Equal(200, response.Status);
        Assert.Equal("W/\"7\"", response.Headers.ETag.ToString());
        Assert.Equal("secret-1", response.Json.GetProperty("riddles")[0].GetProperty("answers")[1].GetString());
    }

    [Fact]
    public async Task Put_without_if_match_is_428_and_writes_nothing()
    {
        var request = HttpTestContext.Request("PUT", "{\"title\":\"新标题\"}");

        var response = await HttpTestContext.Execute(request, await _functions.UpdateCampaign(request, "x"));

        response.AssertProblem(428, "precondition-required");
        _store.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Put_with_a_stale_etag_is_412_and_writes_nothing()
    {
        StoreHas(Draft("x"), "W/\"2\"");
        var request = HttpTestContext.Request("PUT", "{\"title\":\"新标题\"}", headers: new Dictionary<string, string> { ["If-Match"] = "W/\"1\"" });

        var response = await HttpTestContext.Execute(request, await _functions.UpdateCampaign(request, "x"));

        response.AssertProblem(412, "precondition-failed");
        _store.Verify(s => s.SaveAsync(It.IsAny<Campaign>(), It.IsAny<string>(), It.IsAny<CampaignItemKinds>(), It.IsAny<AuditEntry>(),
            It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Put_with_the_current_etag_saves_and_audits_which_fields_changed()
    {
        StoreHas(Draft("x"), "W/\"2\"");
        AuditEntry? audit = null;
        _store.Setup(s => s.SaveAsync(It.IsAny<Campaign>(), "W/\"2\"", CampaignItemKinds.None, It.IsAny<AuditEntry>(), It.IsAny<CancellationToken>()))
            .Callback((Campaign _, string _, CampaignItemKinds _, AuditEntry a, CancellationToken _) => audit = a)
            .ReturnsAsync((Campaign c, string _, CampaignItemKinds _, AuditEntry _, CancellationToken _) => new StoredCampaign(c, "W/\"3\""));
        var request = HttpTestContext.Request("PUT", "{\"title\":\"新标题\"}", headers: new Dictionary<string, string> { ["If-Match"] = "W/\"2\"" });

        var response = await HttpTestContext.Execute(request, await _functions.UpdateCampaign(request, "x"));

        Assert.Equal(200, response.Status);
        Assert.Equal("W/\"3\"", response.Headers.ETag.ToString());
        Assert.Equal("新标题", response.Json.GetProperty("definition").GetProperty("title").GetString());
        Assert.Equal("update", audit!.Action);
        Assert.Contains("title", audit.Summary);
    }

    [Fact]
    public async Task Replacing_the_prizes_of_a_published_campaign_is_409_and_writes_nothing()
    {
        StoreHas(Draft("x") with { Lifecycle = CampaignLifecycle.Published, PublishedAt = Now }, "W/\"2\"");
        var body = JsonSerializer.Serialize(TestCampaign.Riddle("x", Now).Build().Prizes, FanRewardsJson.Options);
        var request = HttpTestContext.Request("PUT", body);

        var response = await HttpTestContext.Execute(request, await _functions.ReplacePrizes(request, "x"));

        response.AssertProblem(409, "invalid-state");
        _store.Verify(s => s.SaveAsync(It.IsAny<Campaign>(), It.IsAny<string>(), It.IsAny<CampaignItemKinds>(), It.IsAny<AuditEntry>(),
            It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Publishing_an_incomplete_campaign_is_422_listing_every_problem()
    {
        StoreHas(TestCampaign.Bare("x").InZone("Asia/Shanghai").Created(Now).Build(), "W/\"1\"");
        var request = HttpTestContext.Request("POST");

        var response = await HttpTestContext.Execute(request, await _functions.PublishCampaign(request, "x"));

        response.AssertProblem(422, "publish-blocked");
        var fields = response.Json.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "title", "organiser.contact", "rules.forfeiture", "rules.awardMethod", "schedule", "activities", "prizes" }, fields);

        // errorCodes parallels errors: the same paths, one code per message, in the same order.
        var codes = response.Json.GetProperty("errorCodes");
        Assert.Equal(fields, codes.EnumerateObject().Select(p => p.Name).ToHashSet());
        foreach (var (path, messages) in response.Json.GetProperty("errors").EnumerateObject().Select(p => (p.Name, p.Value)))
            Assert.Equal(messages.GetArrayLength(), codes.GetProperty(path).GetArrayLength());
        var activities = Assert.Single(codes.GetProperty("activities").EnumerateArray());
        Assert.Equal("at-least-one", activities.GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.Object, activities.GetProperty("args").ValueKind);
    }

    [Fact]
    public async Task Riddle_answers_must_be_a_list_of_strings()
    {
        var request = HttpTestContext.Request("PUT", "[{\"id\":\"r1\",\"activityId\":\"a\",\"question\":\"q\",\"answers\":\"告\"}]");

        var response = await HttpTestContext.Execute(request, await _functions.ReplaceRiddles(request, "x"));

        response.AssertProblem(400, "invalid-json");
        Assert.Contains("answers", response.Json.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_X_Actor_header_names_nobody_the_audit_records_the_signed_in_person()
    {
        _store.Setup(s => s.CreateAsync(It.IsAny<Campaign>(), It.IsAny<AuditEntry>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((Campaign c, AuditEntry _, CancellationToken _) => new StoredCampaign(c, "W/\"1\""));
        var body = JsonSerializer.Serialize(TestCampaign.Riddle("lantern", Now).BuildDefinition(), FanRewardsJson.Options);
        var request = HttpTestContext.Request("POST", body, headers: new Dictionary<string, string> { ["X-Actor"] = "冒名者" });

        var response = await HttpTestContext.Execute(request, await _functions.CreateCampaign(request));

        Assert.Equal(201, response.Status);
        _store.Verify(s => s.CreateAsync(It.IsAny<Campaign>(), It.Is<AuditEntry>(a => a.Actor == "王主任" && a.ActorId == "test-王主任"),
            It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task A_person_without_the_routes_role_is_403_naming_it_and_nothing_is_read_or_written()
    {
        var functions = new AdminCampaignFunctions(null!, null!, TestAdminGate.As("审计员", AdminRoles.Auditor), TimeProvider.System,
            NullLogger<AdminCampaignFunctions>.Instance);
        var request = HttpTestContext.Request("POST");

        var response = await HttpTestContext.Execute(request, await functions.PublishCampaign(request, "x"));

        response.AssertProblem(403, "admin-forbidden");
        Assert.Equal([AdminRoles.Publisher], response.Json.GetProperty("requiredRoles").EnumerateArray().Select(r => r.GetString()));
        _store.VerifyNoOtherCalls();
    }

    private void StoreHas(Campaign campaign, string etag) =>
        _store.Setup(s => s.FindAsync(campaign.Id, It.IsAny<CancellationToken>())).ReturnsAsync(new StoredCampaign(campaign, etag));

    private static Campaign Draft(string id) => TestCampaign.Riddle(id, Now).WithoutRiddles().WithoutPrizes().Build();
}

using FanRewards.Core;
using FanRewards.Core.Approvals;
using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.DataAccess;
using FanRewards.Core.Draws;
using FanRewards.Core.Entries;
using FanRewards.Core.Steps;
using FanRewards.Functions.Awards;
using FanRewards.Functions.Campaigns;
using FanRewards.Functions.Draws;
using FanRewards.Functions.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace FanRewards.Functions.Tests.Http;

/// <summary>
/// What each public GET lets a browser or a CDN keep (Cache-Control, ETag, 304), and that personal, admin and problem
/// answers stay private, no-store. Storage is mocked: the integration tests count what the snapshots read.
/// </summary>
public sealed class PublicReadHeadersTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly string Winner = new('a', 64);
    private static readonly string Alternate = new('b', 64);
    private readonly ManualClock _clock = new(Now);
    private readonly Mock<ICampaignStore> _campaigns = new();
    private readonly Mock<IDrawStore> _draws = new();
    private readonly Mock<IAwardStore> _awards = new();
    private readonly Mock<IClaimContactStore> _contacts = new();
    private readonly Mock<IInstantSeedStore> _seeds = new();
    private readonly PublicReadOptions _options = new();
    private readonly PublicCampaignCatalog _catalog;
    private readonly DrawRunner _runner;
    private readonly DrawQueries _queries;
    private readonly DrawFunctions _drawFunctions;
    private readonly PublicCampaignFunctions _campaignFunctions;
    private readonly AwardFunctions _awardFunctions;

    /// <summary>Strict: public reads ask for no approval.</summary>
    private ApprovalService Approvals() => new(Mock.Of<IApprovalStore>(MockBehavior.Strict),
        new CampaignAdminService(_campaigns.Object, _catalog, _clock, new PublishPolicy(), []), _runner, _queries, Mock.Of<IAuditLog>(MockBehavior.Strict), _clock);

    private readonly Mock<IDataAccessLog> _dataAccess = new();

    private PersonalDataAccess DataAccess() => new(_dataAccess.Object, _clock);

    private VoucherIssuer Issuer() => new(_awards.Object, Mock.Of<IVoucherStore>(), _clock);

    public PublicReadHeadersTests()
    {
        _catalog = new PublicCampaignCatalog(new CachingCampaignStore(_campaigns.Object, _clock, new CampaignCacheOptions { TimeToLive = TimeSpan.Zero }), _clock);
        var queue = Mock.Of<IStepQueue>();
        _runner = new DrawRunner(_campaigns.Object, _draws.Object, queue, new DrawStepSender(_draws.Object, queue, _clock, new DrawOptions()),
            new DrawEligibility(Mock.Of<IEntryStore>(), Mock.Of<IDisqualificationStore>(), _awards.Object, _draws.Object),
            new DrawWinnerAwards(_awards.Object, Issuer(), _clock,
                new PrizePasses(_awards.Object, Mock.Of<IDrawAlternates>(), Mock.Of<IDisqualificationStore>(), _clock, new ClaimOptions(), Mock.Of<IAuditLog>())), Mock.Of<IAuditLog>(), _clock, new DrawOptions());
        _queries = new DrawQueries(_campaigns.Object, _draws.Object);
        var results = new PublishedDrawResults(_draws.Object, _clock, _options, _awards.Object, _contacts.Object, new AwardChanges());
        _drawFunctions = new DrawFunctions(_runner, _queries, results, _catalog, Approvals(), DataAccess(), TestAdminGate.Anyone, NullLogger<DrawFunctions>.Instance);
        _campaignFunctions = new PublicCampaignFunctions(_catalog, results, Mock.Of<HealthCheckService>(), _clock, _options,
            NullLogger<PublicCampaignFunctions>.Instance);
        var due = new Core.Due.DueLedger(Mock.Of<Core.Due.IDueIndex>(), _clock, new Core.Due.DueOptions());
        var admin = new CampaignAdminService(_campaigns.Object, _catalog, _clock, new PublishPolicy(),
            [new DrawPublication(_draws.Object), new InstantWinPublication(_seeds.Object), new TopNPublication(due)]);
        var topN = new TopNService(_campaigns.Object, Mock.Of<IEntryStore>(), _awards.Object, _clock, due, Issuer(), Mock.Of<IDisqualificationStore>());
        _awardFunctions = new AwardFunctions(
            new JudgingService(admin, Mock.Of<IEntryStore>(), _awards.Object, Mock.Of<IAuditLog>(), _clock, Issuer(), Mock.Of<IDisqualificationStore>()),
            topN, new TopNSchedule(topN, Mock.Of<IStepQueue>()), _clock, new InstantWinProofs(_catalog, _seeds.Object, _clock), _options,
            TestAdminGate.Anyone, NullLogger<AwardFunctions>.Instance);

        _campaigns.Setup(s => s.FindAsync("lantern", It.IsAny<CancellationToken>())).ReturnsAsync(new StoredCampaign(Campaign(), "e"));
        _campaigns.Setup(s => s.ListAsync(It.IsAny<CancellationToken>())).ReturnsAsync([new StoredCampaign(Campaign(), "e")]);
        _draws.Setup(s => s.FindAsync("lantern", "main", It.IsAny<CancellationToken>())).ReturnsAsync(Drawn());
        _draws.Setup(s => s.ListAsync("lantern", It.IsAny<CancellationToken>())).ReturnsAsync([Drawn()]);
        _draws.Setup(s => s.ListShardResultsAsync("lantern", "main", 2, false, DrawPhase.Seal, It.IsAny<CancellationToken>())).ReturnsAsync([]);
        _draws.Setup(s => s.ReadRankingAsync("lantern", "main", It.IsAny<CancellationToken>())).ReturnsAsync(
            [new RankedEntry(1, Winner, 1, -0.1, "pass"), new RankedEntry(2, Alternate, 1, -0.2, null)]);
        _draws.Setup(s => s.ReadEntryPageAsync("lantern", "main", 2, null, 1000, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DrawEntryPage([new DrawEntry(Winner, 1), new DrawEntry(Alternate, 1)], null));
        _awards.Setup(s => s.FindAwardsVersionAsync("lantern", It.IsAny<CancellationToken>())).ReturnsAsync("");
        _awards.Setup(s => s.ListAsync("lantern", It.IsAny<CancellationToken>())).ReturnsAsync([WinnerAward()]);
        _contacts.Setup(s => s.ListAsync("lantern", It.IsAny<CancellationToken>())).ReturnsAsync([]);
    }

    [Fact]
    public async Task Winners_are_public_for_30_seconds_with_a_strong_etag_and_304_on_a_match()
    {
        var first = await Get(r => _drawFunctions.GetWinners(r, "lantern"));
        Assert.Equal((200, "public, max-age=30"), (first.Status, first.Headers.CacheControl.ToString()));
        var etag = first.Headers.ETag.ToString();
        Assert.Matches("^\"[A-Za-z0-9_-]{22}\"$", etag);

        var again = await Get(r => _drawFunctions.GetWinners(r, "lantern"), ifNoneMatch: etag);
        var weakened = await Get(r => _drawFunctions.GetWinners(r, "lantern"), ifNoneMatch: $"\"other\", W/{etag}");

        Assert.Equal((304, "", etag, "public, max-age=30"), (again.Status, again.Body, again.Headers.ETag.ToString(), again.Headers.CacheControl.ToString()));
        Assert.Equal(304, weakened.Status);
    }

    [Fact]
    public async Task After_a_pass_the_same_etag_gets_200_with_the_new_winners_and_a_new_etag()
    {
        var etag = (await Get(r => _drawFunctions.GetWinners(r, "lantern"))).Headers.ETag.ToString();
        _awards.Setup(s => s.FindAwardsVersionAsync("lantern", It.IsAny<CancellationToken>())).ReturnsAsync("W/\"v2\"");
        _awards.Setup(s => s.ListAsync("lantern", It.IsAny<CancellationToken>())).ReturnsAsync(
        [
            WinnerAward() with { Status = AwardStatus.Declined, PassedTo = "draw-main-000002" },
            WinnerAward() with { AwardId = "draw-main-000002", Pseudonym = Alternate, Rank = 2, Mode = AwardedBy.DrawAlternate, PassedFrom = "draw-main-000001" },
        ]);

        var stillKept = await Get(r => _drawFunctions.GetWinners(r, "lantern"), ifNoneMatch: etag);
        _clock.Now += _options.WinnersMaxAge;
        var changed = await Get(r => _drawFunctions.GetWinners(r, "lantern"), ifNoneMatch: etag);

        Assert.Equal(304, stillKept.Status); // within the max-age this instance serves its snapshot
        Assert.Equal(200, changed.Status);
        Assert.NotEqual(etag, changed.Headers.ETag.ToString());
        var holder = changed.Json[0].GetProperty("tiers")[0].GetProperty("winners")[0];
        Assert.Equal((2, 1), (holder.GetProperty("rank").GetInt32(), holder.GetProperty("passedFromRank").GetInt32()));
    }

    [Fact]
    public async Task A_drawn_proof_is_public_for_five_minutes_and_one_not_drawn_for_five_seconds_without_its_seed()
    {
        var drawn = await Get(r => _drawFunctions.GetDrawProof(r, "lantern", "main"));
        Assert.Equal((200, "public, max-age=300"), (drawn.Status, drawn.Headers.CacheControl.ToString()));
        Assert.Equal(304, (await Get(r => _drawFunctions.GetDrawProof(r, "lantern", "main"), drawn.Headers.ETag.ToString())).Status);

        _draws.Setup(s => s.FindAsync("lantern", "main", It.IsAny<CancellationToken>()))
            .ReturnsAsync(Drawn() with { State = DrawState.Running, DrawnAt = null });
        var fresh = new PublishedDrawResults(_draws.Object, _clock, _options, _awards.Object, _contacts.Object, new AwardChanges());
        var functions = new DrawFunctions(_runner, _queries, fresh, _catalog, Approvals(), DataAccess(), TestAdminGate.Anyone, NullLogger<DrawFunctions>.Instance);
        var running = await Get(r => functions.GetDrawProof(r, "lantern", "main"));

        Assert.Equal((200, "public, max-age=5"), (running.Status, running.Headers.CacheControl.ToString()));
        Assert.Equal("running", running.Json.GetProperty("state").GetString());
        Assert.False(running.Json.TryGetProperty("seed", out var seed) && seed.ValueKind != System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task A_drawn_entry_set_page_is_immutable_for_a_year()
    {
        var page = await Get(r => _drawFunctions.GetDrawEntries(r, "lantern", "main"));

        Assert.Equal((200, "public, max-age=31536000, immutable"), (page.Status, page.Headers.CacheControl.ToString()));
        Assert.Equal(2, page.Json.GetProperty("entries").GetArrayLength());
    }

    [Fact]
    public async Task The_campaign_page_list_and_instant_win_proof_are_public_for_a_few_seconds()
    {
        var page = await Get(r => _campaignFunctions.GetPublicCampaign(r, "lantern"));
        var list = await Get(_campaignFunctions.ListPublicCampaigns);
        var instant = await Get(r => _awardFunctions.GetInstantWinProof(r, "lantern", "spin"));

        Assert.All([page, list, instant], response =>
        {
            Assert.Equal((200, "public, max-age=5"), (response.Status, response.Headers.CacheControl.ToString()));
            Assert.False(string.IsNullOrEmpty(response.Headers.ETag.ToString()));
        });
        Assert.Equal(304, (await Get(r => _campaignFunctions.GetPublicCampaign(r, "lantern"), page.Headers.ETag.ToString())).Status);
    }

    [Fact]
    public async Task The_campaign_page_is_one_snapshot_whose_bytes_equal_a_fresh_build_and_a_304_builds_nothing()
    {
        var results = new PublishedDrawResults(_draws.Object, _clock, _options, _awards.Object, _contacts.Object, new AwardChanges());
        var functions = new PublicCampaignFunctions(_catalog, results, Mock.Of<HealthCheckService>(), _clock, _options, NullLogger<PublicCampaignFunctions>.Instance);
        var campaign = await _catalog.FindVisibleAsync("lantern", default) ?? throw new InvalidOperationException("lantern is published");

        var page = await Get(r => functions.GetPublicCampaign(r, "lantern"));
        var snapshot = (await results.GetCampaignPageAsync(campaign, default)).Value;
        var revalidated = await Get(r => functions.GetPublicCampaign(r, "lantern"), page.Headers.ETag.ToString());
        var fresh = await results.WithDrawStatesAsync(PublicCampaignView.From(campaign, _clock.Now), campaign, default);

        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(fresh, Core.Json.FanRewardsJson.Options), page.Body);
        Assert.Equal("drawn", page.Json.GetProperty("schedule").GetProperty("draws")[0].GetProperty("state").GetString());
        Assert.Same(snapshot, (await results.GetCampaignPageAsync(campaign, default)).Value); // served again, not rebuilt
        Assert.Equal((304, ""), (revalidated.Status, revalidated.Body));
        _draws.Verify(s => s.FindAsync("lantern", "main", It.IsAny<CancellationToken>()), Times.Once); // a drawn draw is read once
    }

    [Fact]
    public async Task The_campaign_page_snapshot_follows_the_status_and_a_draw_that_becomes_drawn_within_the_max_age()
    {
        _draws.Setup(s => s.FindAsync("lantern", "main", It.IsAny<CancellationToken>())).ReturnsAsync(Drawn() with { State = DrawState.Sealed, DrawnAt = null });
        var results = new PublishedDrawResults(_draws.Object, _clock, _options, _awards.Object, _contacts.Object, new AwardChanges());
        var campaign = await _catalog.FindVisibleAsync("lantern", default) ?? throw new InvalidOperationException("lantern is published");
        _clock.Now = Now.AddDays(-2); // between its opening and its close

        var open = (await results.GetCampaignPageAsync(campaign, default)).Value;
        _clock.Now = Now;
        var closed = (await results.GetCampaignPageAsync(campaign, default)).Value;
        _draws.Setup(s => s.FindAsync("lantern", "main", It.IsAny<CancellationToken>())).ReturnsAsync(Drawn());
        var stillKept = (await results.GetCampaignPageAsync(campaign, default)).Value;
        _clock.Now += _options.CampaignMaxAge;
        var drawn = (await results.GetCampaignPageAsync(campaign, default)).Value;

        Assert.Equal(("open", "closed"), (open.Status, closed.Status));
        Assert.Same(closed, stillKept);
        Assert.Equal(("sealed", "drawn"), (closed.Schedule.Draws[0].State, drawn.Schedule.Draws[0].State));
    }

    [Fact]
    public async Task A_snapshot_is_serialized_once_however_often_it_is_served_or_revalidated()
    {
        var read = new PublicRead<CountedBody>(new CountedBody("灯谜 <b>"), TimeSpan.FromSeconds(30));
        var first = await Get(_ => Task.FromResult<Microsoft.AspNetCore.Mvc.IActionResult>(PublicResponse.Json(read)));
        var responses = new List<TestResponse>();
        for (var i = 0; i < 50; i++)
        {
            responses.Add(await Get(_ => Task.FromResult<Microsoft.AspNetCore.Mvc.IActionResult>(PublicResponse.Json(read)), first.Headers.ETag.ToString()));
            responses.Add(await Get(_ => Task.FromResult<Microsoft.AspNetCore.Mvc.IActionResult>(PublicResponse.Json(read))));
        }

        Assert.Equal(1, read.Value.Serialized);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(new { text = "灯谜 <b>" }, Core.Json.FanRewardsJson.Options), first.Body);
        Assert.All(responses, r => Assert.Equal(first.Headers.ETag.ToString(), r.Headers.ETag.ToString()));
        Assert.All(responses.Where(r => r.Status == 200), r => Assert.Equal(first.Body, r.Body));
        Assert.Equal(50, responses.Count(r => r.Status == 304 && r.Body == ""));
    }

    [Fact]
    public async Task Problems_admin_routes_and_health_stay_private_no_store()
    {
        var missing = await Get(r => _drawFunctions.GetWinners(r, "no-such-campaign"));
        var unknownDraw = await Get(r => _drawFunctions.GetDrawProof(r, "lantern", "no-such-draw"));
        var admin = await Get(r => _drawFunctions.ListDraws(r, "lantern"));

        missing.AssertProblem(404, "not-found");
        unknownDraw.AssertProblem(404, "not-found");
        Assert.Equal(200, admin.Status);
        Assert.All([missing, unknownDraw, admin], response =>
        {
            Assert.Equal("private, no-store", response.Headers.CacheControl.ToString());
            Assert.True(string.IsNullOrEmpty(response.Headers.ETag.ToString()));
        });
    }

    [Fact]
    public async Task The_winners_export_is_a_private_download_streamed_as_utf8_csv()
    {
        _draws.Setup(s => s.ReadRankedEntrantsAsync("lantern", "main", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Dictionary<string, string> { [Winner] = "wx_zhang", [Alternate] = "=cmd" });

        var export = await Get(r =>
        {
            r.QueryString = new Microsoft.AspNetCore.Http.QueryString("?reason=%E5%85%91%E5%A5%96%E5%8F%91%E8%B4%A7"); // 兑奖发货
            return _drawFunctions.ExportWinners(r, "lantern", "main");
        });

        Assert.Equal((200, "text/csv; charset=utf-8", "private, no-store"), (export.Status, export.ContentType, export.Headers.CacheControl.ToString()));
        Assert.Equal("attachment; filename=\"lantern-main-winners.csv\"", export.Headers.ContentDisposition.ToString());
        // The test reads the body as text, which takes the byte order mark away; CsvExportTests hold the bytes.
        Assert.Equal("rank,role,prizeId,entrantId,pseudonym,weight,score\r\n" +
                     $"1,winner,pass,wx_zhang,{Winner},1,-0.1\r\n2,alternate,,\"'=cmd\",{Alternate},1,-0.2\r\n", export.Body);
        _dataAccess.Verify(l => l.WriteAsync(It.Is<DataAccessRecord>(r => r.What == "lantern-main-winners.csv" && r.Rows == 2 && r.Reason == "兑奖发货"),
            It.IsAny<CancellationToken>()), Times.Once);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("\"x\"", true)]
    [InlineData("W/\"x\"", true)]
    [InlineData("\"y\", \"x\"", true)]
    [InlineData("*", true)]
    [InlineData("\"y\"", false)]
    [InlineData("x", false)]
    [InlineData(" \"y\" ,W/\"x\" ", true)]
    [InlineData("\"y\",,", false)]
    [InlineData("", false)]
    public void If_none_match_compares_weakly_against_the_list(string? header, bool matches) =>
        Assert.Equal(matches, PublicResponse.Matches(header, "\"x\""));

    private static async Task<TestResponse> Get(Func<Microsoft.AspNetCore.Http.HttpRequest, Task<Microsoft.AspNetCore.Mvc.IActionResult>> trigger,
        string? ifNoneMatch = null)
    {
        var headers = new Dictionary<string, string>();
        if (ifNoneMatch is not null) headers["If-None-Match"] = ifNoneMatch;
        var request = HttpTestContext.Request("GET", headers: headers);
        return await HttpTestContext.Execute(request, await trigger(request));
    }

    /// <summary>Drawn an hour ago (draw "main" on "pass"), with an instant-win check-in "spin" whose seed proof is public.</summary>
    private static Campaign Campaign() => TestCampaign.Riddle("lantern", Now.AddDays(-3), riddles: 1)
        .WithActivity(new ActivityDefinition { Id = "spin", Kind = ActivityKind.Checkin, Title = "签到", Award = TestCampaign.Instant(0.01) })
        .Published(Now.AddDays(-3))
        .Build();

    private static DrawRecord Drawn() => new()
    {
        CampaignId = "lantern", DrawId = "main", At = Now.AddHours(-1), State = DrawState.Drawn, Seed = new byte[32], Commitment = "c", Shards = 2,
        Tiers = [new DrawTier("pass", 1)], Alternates = 1, EntrySetDigest = "d", EntryCount = 2, DrawnAt = Now.AddHours(-1), ETag = "W/\"d1\"",
    };

    private static Award WinnerAward() => new()
    {
        CampaignId = "lantern", AwardId = "draw-main-000001", PrizeId = "pass", ActivityId = "riddles", Pseudonym = Winner, EntrantId = "fan-1",
        Mode = AwardedBy.Draw, AwardedAt = Now.AddHours(-1), DrawId = "main", Rank = 1,
    };

    /// <summary>A body that counts how often it is serialized.</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(CountingConverter))]
    private sealed class CountedBody(string text)
    {
        public string Text => text;
        public int Serialized;
    }

    private sealed class CountingConverter : System.Text.Json.Serialization.JsonConverter<CountedBody>
    {
        public override CountedBody Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
            throw new NotSupportedException();

        public override void Write(System.Text.Json.Utf8JsonWriter writer, CountedBody value, System.Text.Json.JsonSerializerOptions options)
        {
            Interlocked.Increment(ref value.Serialized);
            writer.WriteStartObject();
            writer.WriteString("text", value.Text);
            writer.WriteEndObject();
        }
    }
}

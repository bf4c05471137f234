using System.Text;
using Azure.Data.Tables;
using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Draws;
using FanRewards.Core.Due;
using FanRewards.Functions.Awards;
using FanRewards.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace FanRewards.Functions.Tests.Awards;

internal static class VoucherTestCampaigns
{
    public static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A riddle campaign (no riddles yet) with travel passes and 100 movie tickets given as voucher codes.</summary>
    public static Campaign With(string id, CampaignLifecycle lifecycle = CampaignLifecycle.Draft)
    {
        var draft = TestCampaign.Riddle(id, Now).WithoutRiddles().WithPrize("movie", "电影票", PrizeKind.Voucher, 40m, 100);
        return lifecycle == CampaignLifecycle.Draft ? draft.Build() : draft.Published(Now).Build() with { Lifecycle = lifecycle };
    }
}

/// <summary>The voucher triggers with storage mocked: how bodies and failures map to responses, and that bad input writes nothing.</summary>
public sealed class VoucherFunctionsTests
{
    private readonly Mock<ICampaignStore> _campaigns = new(MockBehavior.Strict);
    private readonly Mock<IVoucherStore> _vouchers = new(MockBehavior.Strict);
    private readonly Mock<IAuditLog> _audit = new(MockBehavior.Strict);
    private readonly VoucherFunctions _functions;

    public VoucherFunctionsTests()
    {
        var clock = new ManualClock(VoucherTestCampaigns.Now);
        _functions = new VoucherFunctions(
            new VoucherService(new CampaignAdminService(_campaigns.Object, new PublicCampaignCatalog(new CachingCampaignStore(_campaigns.Object, clock, new CampaignCacheOptions()), clock), clock, new PublishPolicy(),
                // Strict: uploading vouchers publishes nothing.
                [new DrawPublication(Mock.Of<IDrawStore>(MockBehavior.Strict)), new InstantWinPublication(Mock.Of<IInstantSeedStore>(MockBehavior.Strict)),
                    new TopNPublication(new DueLedger(Mock.Of<IDueIndex>(MockBehavior.Strict), clock, new DueOptions()))]),
                _vouchers.Object, _audit.Object, clock),
            TestAdminGate.Anyone, NullLogger<VoucherFunctions>.Instance);
        _campaigns.Setup(s => s.FindAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((StoredCampaign?)null);
        _campaigns.Setup(s => s.FindAsync("lantern", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new StoredCampaign(VoucherTestCampaigns.With("lantern"), "W/\"1\""));
    }

    private void Accepts(List<string> written)
    {
        _vouchers.Setup(v => v.AddAsync("lantern", "movie", It.IsAny<IReadOnlyList<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, string _, IReadOnlyList<string> codes, CancellationToken _) =>
            {
                written.AddRange(codes);
                var distinct = codes.Distinct().Count();
                return new VoucherUploadResult(codes.Count, distinct, distinct, 0, distinct, distinct);
            });
        _audit.Setup(a => a.WriteAsync(It.IsAny<AuditEntry>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
    }

    private async Task<TestResponse> Post(string? body, string? contentType, string campaignId = "lantern", string prizeId = "movie")
    {
        var request = HttpTestContext.Request("POST", body, contentType);
        if (body is null && contentType is not null) request.ContentType = contentType;
        return await HttpTestContext.Execute(request, await _functions.UploadVouchers(request, campaignId, prizeId));
    }

    [Theory]
    [InlineData("text/csv")]
    [InlineData("text/plain; charset=utf-8")]
    [InlineData("TEXT/CSV")]
    public async Task A_text_upload_skips_the_header_and_blank_lines_and_answers_the_counts(string contentType)
    {
        var written = new List<string>();
        Accepts(written);

        var response = await Post("\uFEFFcode\r\nMOVIE-0001\r\n\r\n  MOVIE_0002 \r\n\"MOVIE-0003\"\r\nMOVIE-0001\r\n", contentType);

        Assert.Equal(200, response.Status);
        Assert.Equal(["MOVIE-0001", "MOVIE_0002", "MOVIE-0003", "MOVIE-0001"], written);
        Assert.Equal(4, response.Json.GetProperty("received").GetInt32());
        Assert.Equal(3, response.Json.GetProperty("distinct").GetInt32());
        Assert.Equal(3, response.Json.GetProperty("added").GetInt32());
        Assert.Equal(0, response.Json.GetProperty("alreadyPresent").GetInt32());
        Assert.Equal(3, response.Json.GetProperty("totalForPrize").GetInt32());
        Assert.Equal(3, response.Json.GetProperty("available").GetInt32());
        Assert.DoesNotContain("MOVIE-0001", response.Body);
        _audit.Verify(a => a.WriteAsync(It.Is<AuditEntry>(e => e.Actor == "王主任" && e.Action == "upload-vouchers" &&
                e.Summary == "Uploaded 4 voucher codes for prize movie (3 added, 1 duplicates)." && !e.Summary.Contains("MOVIE-")),
            It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_first_line_that_is_a_code_is_kept()
    {
        var written = new List<string>();
        Accepts(written);

        var response = await Post("A1\nB2", "text/plain");

        Assert.Equal(200, response.Status);
        Assert.Equal(["A1", "B2"], written);
    }

    [Fact]
    public async Task A_json_upload_is_trimmed_and_stored()
    {
        var written = new List<string>();
        Accepts(written);

        var response = await Post("{\"codes\": [\" A-1 \", \"b_2\"]}", "application/json");

        Assert.Equal(200, response.Status);
        Assert.Equal(["A-1", "b_2"], written);
    }

    [Fact]
    public async Task Codes_may_be_uploaded_after_publishing()
    {
        _campaigns.Setup(s => s.FindAsync("lantern", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new StoredCampaign(VoucherTestCampaigns.With("lantern", CampaignLifecycle.Published), "W/\"2\""));
        var written = new List<string>();
        Accepts(written);

        var response = await Post("LATE-1", "text/plain");

        Assert.Equal(200, response.Status);
        Assert.Equal(["LATE-1"], written);
    }

    [Theory]
    [InlineData("{\"codes\": [", "application/json", 400, "invalid-json")]
    [InlineData("{\"code\": [\"A\"]}", "application/json", 400, "invalid-json")]
    [InlineData("{\"codes\": \"A\"}", "application/json", 400, "invalid-json")]
    [InlineData("{\"codes\": [1, 2]}", "application/json", 400, "invalid-json")]
    [InlineData("", "application/json", 400, "invalid-json")]
    [InlineData("codes=A", "application/x-www-form-urlencoded", 415, "unsupported-media-type")]
    [InlineData("A-1", null, 415, "unsupported-media-type")]
    [InlineData("A-1", "application/octet-stream", 415, "unsupported-media-type")]
    [InlineData("", "text/csv", 422, "validation")]
    [InlineData("code\r\n\r\n", "text/csv", 422, "validation")]
    [InlineData("{\"codes\": []}", "application/json", 422, "validation")]
    [InlineData("{}", "application/json", 422, "validation")]
    public async Task A_bad_body_is_refused_and_writes_nothing(string body, string? contentType, int status, string problem)
    {
        var request = HttpTestContext.Request("POST", body, contentType);
        if (contentType is null) request.ContentType = null;

        var response = await HttpTestContext.Execute(request, await _functions.UploadVouchers(request, "lantern", "movie"));

        response.AssertProblem(status, problem);
        NothingWritten();
    }

    [Theory]
    [InlineData("text/csv")]
    [InlineData("application/json")]
    public async Task A_body_over_four_mebibytes_is_413_and_writes_nothing(string contentType)
    {
        var lines = string.Concat(Enumerable.Range(0, 4 * 1024 * 1024 / 9 + 10).Select(i => $"C{i:D7}\n")); // 9 bytes a line
        var body = contentType == "text/csv" ? lines : "{\"codes\": [\"" + new string('A', 4 * 1024 * 1024) + "\"]}";

        var response = await Post(body, contentType);

        response.AssertProblem(413, "body-too-large");
        NothingWritten();
    }

    [Fact]
    public async Task A_body_over_the_limit_without_a_content_length_is_413()
    {
        var request = HttpTestContext.Request("POST", "x", "text/plain");
        request.Body = new MemoryStream(Encoding.ASCII.GetBytes(new string('A', 4 * 1024 * 1024 + 1)));
        request.ContentLength = null;

        var response = await HttpTestContext.Execute(request, await _functions.UploadVouchers(request, "lantern", "movie"));

        response.AssertProblem(413, "body-too-large");
        NothingWritten();
    }

    [Fact]
    public async Task Invalid_codes_are_422_by_line_without_repeating_them_and_nothing_is_written()
    {
        var response = await Post("code\nGOOD-1\nbad code\n\nB/2\nGOOD-2\n" + new string('x', 65) + "\nwith#hash\n", "text/csv");

        response.AssertProblem(422, "validation");
        var errors = response.Json.GetProperty("errors");
        Assert.Equal(["line 3", "line 5", "line 7", "line 8"], errors.EnumerateObject().Select(p => p.Name));
        Assert.Contains("4 of 6 codes are invalid", response.Json.GetProperty("detail").GetString());
        Assert.DoesNotContain("bad code", response.Body);
        Assert.DoesNotContain("with#hash", response.Body);
        NothingWritten();
    }

    [Fact]
    public async Task Invalid_json_codes_are_422_by_index()
    {
        var response = await Post("{\"codes\": [\"ok\", \"\", null, \"x?y\", \"中文\"]}", "application/json");

        response.AssertProblem(422, "validation");
        Assert.Equal(["codes[1]", "codes[2]", "codes[3]", "codes[4]"],
            response.Json.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        NothingWritten();
    }

    [Fact]
    public async Task Only_the_first_ten_bad_codes_are_listed()
    {
        var response = await Post(string.Join("\n", Enumerable.Range(0, 500).Select(i => $"bad!{i}")), "text/plain");

        response.AssertProblem(422, "validation");
        Assert.Equal(10, response.Json.GetProperty("errors").EnumerateObject().Count());
        Assert.Contains("500 of 500 codes are invalid; the first 10 are listed", response.Json.GetProperty("detail").GetString());
        NothingWritten();
    }

    [Fact]
    public async Task More_than_one_hundred_thousand_codes_are_422()
    {
        var response = await Post(string.Join("\n", Enumerable.Range(0, 100_001).Select(i => $"C{i}")), "text/plain");

        response.AssertProblem(422, "validation");
        Assert.True(response.Json.GetProperty("errors").TryGetProperty("codes", out _));
        NothingWritten();
    }

    [Theory]
    [InlineData("Bad Id!", "movie", 400, "invalid-id")]
    [InlineData("lantern", "MOVIE", 400, "invalid-id")]
    [InlineData("nope", "movie", 404, "not-found")]
    [InlineData("lantern", "tickets", 404, "not-found")]
    [InlineData("lantern", "pass", 409, "not-a-voucher-prize")]
    public async Task A_wrong_campaign_or_prize_is_refused_and_writes_nothing(string campaignId, string prizeId, int status, string problem)
    {
        var upload = await Post("A-1\nA-2", "text/csv", campaignId, prizeId);
        upload.AssertProblem(status, problem);

        var request = HttpTestContext.Request("GET");
        var counts = await HttpTestContext.Execute(request, await _functions.GetVoucherCounts(request, campaignId, prizeId));
        counts.AssertProblem(status, problem);
        NothingWritten();
    }

    [Fact]
    public async Task An_archived_campaign_takes_no_codes()
    {
        _campaigns.Setup(s => s.FindAsync("lantern", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new StoredCampaign(VoucherTestCampaigns.With("lantern", CampaignLifecycle.Archived), "W/\"3\""));

        var response = await Post("A-1", "text/csv");

        response.AssertProblem(409, "invalid-state");
        NothingWritten();
    }

    [Fact]
    public async Task Get_answers_counts_only()
    {
        _vouchers.Setup(v => v.CountAsync("lantern", "movie", It.IsAny<CancellationToken>())).ReturnsAsync(new VoucherCounts(120, 20, 100));
        var request = HttpTestContext.Request("GET");

        var response = await HttpTestContext.Execute(request, await _functions.GetVoucherCounts(request, "lantern", "movie"));

        Assert.Equal(200, response.Status);
        Assert.Equal(["campaignId", "prizeId", "prizeCount", "total", "issued", "available"],
            response.Json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(100, response.Json.GetProperty("prizeCount").GetInt32());
        Assert.Equal(120, response.Json.GetProperty("total").GetInt32());
        Assert.Equal(20, response.Json.GetProperty("issued").GetInt32());
        Assert.Equal(100, response.Json.GetProperty("available").GetInt32());
    }

    private void NothingWritten()
    {
        _vouchers.Verify(v => v.AddAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<IReadOnlyList<string>>(), It.IsAny<CancellationToken>()),
            Times.Never);
        _vouchers.Verify(v => v.IssueAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        _audit.VerifyNoOtherCalls();
    }
}

/// <summary>The voucher triggers over the real stores in Azurite: what an upload stores and what the admin API shows.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class VoucherFunctionsStorageTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private StorageTables _tables = null!;
    private TableCampaignStore _campaigns = null!;
    private TableVoucherStore _store = null!;
    private VoucherFunctions _functions = null!;

    public async Task InitializeAsync()
    {
        _tables = new StorageTables(new TableServiceClient(azurite.ConnectionString), StorageNames.Unique("voucherfn"));
        await _tables.EnsureCreatedAsync(CancellationToken.None);
        var clock = new ManualClock(VoucherTestCampaigns.Now);
        _campaigns = new TableCampaignStore(_tables);
        _store = new TableVoucherStore(_tables, clock);
        var admin = new CampaignAdminService(_campaigns, new PublicCampaignCatalog(new CachingCampaignStore(_campaigns, clock, new CampaignCacheOptions()), clock), clock, new PublishPolicy(),
            [new DrawPublication(new TableDrawStore(_tables)), new InstantWinPublication(new TableInstantSeedStore(_tables)), new TopNPublication(new DueLedger(new TableDueIndex(_tables), clock, new DueOptions()))]);
        _functions = new VoucherFunctions(new VoucherService(admin, _store,
            new TableAuditLog(_tables), clock), TestAdminGate.Anyone, NullLogger<VoucherFunctions>.Instance);
        var campaign = VoucherTestCampaigns.With("lantern");
        var created = await _campaigns.CreateAsync(campaign with { Prizes = [] },
            new AuditEntry("lantern", VoucherTestCampaigns.Now, "test", "create", "Created.") { Code = AuditCodes.CampaignCreated }, CancellationToken.None);
        await _campaigns.SaveAsync(campaign, created.ETag, CampaignItemKinds.Prizes,
            new AuditEntry("lantern", VoucherTestCampaigns.Now, "test", "replace-prizes", "Prizes.") { Code = AuditCodes.PrizesReplaced }, CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_csv_upload_is_stored_once_and_the_counts_never_show_a_code()
    {
        var codes = TestVoucherCodes.Numbered(150, "FILM");
        var csv = "code\r\n" + string.Join("\r\n", codes.Concat(codes.Take(10))) + "\r\n";

        var first = await Upload(csv, "text/csv");
        var second = await Upload(csv, "text/csv");
        var json = await Upload("{\"codes\": [\"FILM-000001\", \"FILM-EXTRA\"]}", "application/json");

        Assert.Equal(200, first.Status);
        Assert.Equal((160, 150, 150, 0), Counts(first));
        Assert.Equal((160, 150, 0, 150), Counts(second));
        Assert.Equal((2, 2, 1, 1), Counts(json));
        Assert.Equal(151, json.Json.GetProperty("totalForPrize").GetInt32());

        var issued = await _store.IssueAsync("lantern", "movie", "draw-movie-1", CancellationToken.None);
        var request = HttpTestContext.Request("GET");
        var view = await HttpTestContext.Execute(request, await _functions.GetVoucherCounts(request, "lantern", "movie"));

        Assert.Equal(200, view.Status);
        Assert.Equal(151, view.Json.GetProperty("total").GetInt32());
        Assert.Equal(1, view.Json.GetProperty("issued").GetInt32());
        Assert.Equal(150, view.Json.GetProperty("available").GetInt32());
        Assert.DoesNotContain("FILM", view.Body);
        Assert.DoesNotContain(issued!, view.Body);

        var audit = await _campaigns.ListAuditAsync("lantern", 10, CancellationToken.None);
        Assert.Contains(audit, a => a.Summary == "Uploaded 160 voucher codes for prize movie (150 added, 10 duplicates).");
        Assert.Contains(audit, a => a.Summary == "Uploaded 160 voucher codes for prize movie (0 added, 160 duplicates).");
        Assert.DoesNotContain(audit, a => a.Summary.Contains("FILM"));
    }

    [Fact]
    public async Task A_rejected_upload_writes_no_code()
    {
        var response = await Upload("GOOD-1\nGOOD-2\nno good\n", "text/plain");

        response.AssertProblem(422, "validation");
        Assert.Equal(new VoucherCounts(0, 0, 0), await _store.CountAsync("lantern", "movie", CancellationToken.None));
    }

    private async Task<TestResponse> Upload(string body, string contentType)
    {
        var request = HttpTestContext.Request("POST", body, contentType);
        return await HttpTestContext.Execute(request, await _functions.UploadVouchers(request, "lantern", "movie"));
    }

    private static (int, int, int, int) Counts(TestResponse r) =>
        (r.Json.GetProperty("received").GetInt32(), r.Json.GetProperty("distinct").GetInt32(),
            r.Json.GetProperty("added").GetInt32(), r.Json.GetProperty("alreadyPresent").GetInt32());
}

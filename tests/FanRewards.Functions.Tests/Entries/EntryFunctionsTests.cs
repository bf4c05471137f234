using System.Security.Claims;
using System.Text.Json;
using FanRewards.Core;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Draws;
using FanRewards.Core.Entering;
using FanRewards.Core.Entries;
using FanRewards.Core.Figures;
using FanRewards.Functions.Entries;
using FanRewards.Functions.Http;
using FanRewards.Functions.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Moq;

namespace FanRewards.Functions.Tests.Entries;

/// <summary>Entrant triggers with the stores mocked: identity, limits and bad input map to the right 4xx and write nothing.</summary>
public sealed class EntryFunctionsTests
{
    private static readonly DateTimeOffset Now = new(2027, 2, 20, 4, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private readonly Mock<ICampaignStore> _campaigns = new();
    private readonly Mock<IEntryStore> _entries = new(MockBehavior.Strict);
    private readonly ManualClock _clock = new(Now);
    private readonly EntryFunctions _functions;
    private readonly Mock<IFigureStore> _figureStore = new();
    private readonly List<(string CampaignId, FigureCount Count)> _figuresAdded = [];
    private readonly EntryFigures _figures;
    private readonly EntrantTokenOptions _tokens;

    public EntryFunctionsTests()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Entrants:Issuer"] = "union-idp",
            ["Entrants:Audience"] = "fanrewards",
            ["Entrants:HmacKeys:0"] = Convert.ToBase64String(Key),
        }).Build();
        _tokens = EntrantTokenOptions.From(configuration, Environment("Production"));
        var catalog = new PublicCampaignCatalog(new CachingCampaignStore(_campaigns.Object, _clock, new CampaignCacheOptions()), _clock);
        var limiter = new RateLimiter(new RateLimitOptions { PerEntrant = 3 }, TimeProvider.System);
        _figureStore.Setup(s => s.AddAsync(It.IsAny<string>(), It.IsAny<FlushStamp>(), It.IsAny<IReadOnlyList<FigureCount>>(), It.IsAny<CancellationToken>()))
            .Callback((string campaignId, FlushStamp _, IReadOnlyList<FigureCount> counts, CancellationToken _) => _figuresAdded.AddRange(counts.Select(c => (campaignId, c))))
            .Returns(Task.CompletedTask);
        _figures = new EntryFigures(_figureStore.Object, catalog, _campaigns.Object, _clock, new FigureOptions(), _entries.Object);
        var draws = new DrawQueries(_campaigns.Object, Mock.Of<IDrawStore>());
        _functions = new EntryFunctions(new EntryService(catalog, _entries.Object, Mock.Of<ISeatStore>(), _clock, new EntryPolicy(),
                NoSpotPrizes.Service(_clock), _figures, Support.EntryWatches.WithoutStorage()),
            new LeaderboardService(catalog, _figureStore.Object, _clock, new LeaderboardOptions()),
            new EntrantGate(new EntrantAuthenticator(_tokens, _clock), limiter, new ClientAddress(new ClientAddressOptions())),
            _figures, NullLogger<EntryFunctions>.Instance, draws, catalog, new PublicReadOptions());
        var campaign = TestCampaign.Riddle("lantern", Now.AddHours(-2), riddles: 1).Published(Now.AddHours(-2)).Build();
        _campaigns.Setup(s => s.FindAsync("lantern", It.IsAny<CancellationToken>())).ReturnsAsync(new StoredCampaign(campaign, "e"));
    }

    [Fact]
    public async Task A_rejected_answer_counts_in_the_campaigns_figures_by_its_reason_and_an_unknown_campaign_counts_nowhere()
    {
        (await Answer(token: null, body: """{"answer":"告"}""")).AssertProblem(401, "unauthorized");
        (await Answer(token: null, body: """{"answer":"告"}""", campaign: "no-such-campaign")).AssertProblem(401, "unauthorized");

        await _figures.FlushAsync(CancellationToken.None);

        var (campaignId, count) = Assert.Single(_figuresAdded);
        Assert.Equal("lantern", campaignId);
        Assert.Equal((EntryFigures.RejectedPrefix + "unauthorized", EntryFigures.AnyActivity, 1L), (count.Outcome, count.ActivityId, count.Count));
    }

    [Fact]
    public async Task The_leaderboard_is_public_for_a_few_seconds_and_a_followers_own_page_stays_private()
    {
        var request = HttpTestContext.Request("GET");
        var board = await HttpTestContext.Execute(request, await _functions.GetLeaderboard(request, "lantern"));
        var mine = HttpTestContext.Request("GET", headers: new Dictionary<string, string> { ["Authorization"] = "Bearer " + Token() });
        var own = await HttpTestContext.Execute(mine, await _functions.GetMyCampaign(mine, "lantern"));

        Assert.Equal((200, "public, max-age=5"), (board.Status, board.Headers.CacheControl.ToString()));
        Assert.False(string.IsNullOrEmpty(board.Headers.ETag.ToString()));
        Assert.Equal("private, no-store", own.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task No_token_is_401_with_a_bearer_challenge()
    {
        var response = await Answer(token: null, body: """{"answer":"告"}""");

        response.AssertProblem(401, "unauthorized");
        Assert.Equal("Bearer", response.Headers.WWWAuthenticate.ToString());
    }

    [Theory]
    [InlineData("expired")]
    [InlineData("wrong-audience")]
    [InlineData("wrong-issuer")]
    [InlineData("wrong-key")]
    [InlineData("no-expiry")]
    [InlineData("garbage")]
    [InlineData("bad-sub")]
    [InlineData("sub-with-final-newline")]
    public async Task A_bad_token_is_401_and_writes_nothing(string flaw)
    {
        var token = flaw switch
        {
            "expired" => Token(expires: Now.AddMinutes(-5)),
            "wrong-audience" => Token(audience: "someone-else"),
            "wrong-issuer" => Token(issuer: "evil"),
            "wrong-key" => Token(key: Enumerable.Repeat((byte)7, 32).ToArray()),
            "no-expiry" => Token(noExpiry: true),
            "bad-sub" => Token(sub: "a/b#c"),
            // "$" would match before the final "\n" and let it into row keys; the id rule ends with \z.
            "sub-with-final-newline" => Token(sub: "alice\n"),
            _ => "not.a.jwt",
        };

        var response = await Answer(token, """{"answer":"告"}""");

        response.AssertProblem(401, "unauthorized");
        _entries.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("{\"answer\":\"告\"", 400, "invalid-json")]
    [InlineData("""{"answer":42}""", 400, "invalid-json")]
    [InlineData("""{"answer":"告","entrantId":"someone-else"}""", 400, "invalid-json")]
    [InlineData("""{"answer":""}""", 422, "validation")]
    public async Task Bad_bodies_are_4xx_and_write_nothing(string body, int status, string type)
    {
        var response = await Answer(Token(), body);

        response.AssertProblem(status, type);
        _entries.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task An_overlong_answer_is_422_and_a_huge_body_413()
    {
        (await Answer(Token(), JsonSerializer.Serialize(new { answer = new string('谜', 101) }))).AssertProblem(422, "validation");
        (await Answer(Token(), JsonSerializer.Serialize(new { answer = new string('a', 40_000) }))).AssertProblem(413, "body-too-large");
        _entries.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Unknown_campaigns_and_riddles_are_404_and_malformed_ids_400()
    {
        _campaigns.Setup(s => s.FindAsync("nope", It.IsAny<CancellationToken>())).ReturnsAsync((StoredCampaign?)null);

        (await Answer(Token(), """{"answer":"告"}""", campaign: "nope")).AssertProblem(404, "not-found");
        (await Answer(Token(), """{"answer":"告"}""", riddle: "r9999")).AssertProblem(404, "not-found");
        (await Answer(Token(), """{"answer":"告"}""", campaign: "../etc")).AssertProblem(400, "invalid-id");
        _entries.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_closed_campaign_is_409_with_the_window()
    {
        _clock.Now = Now.AddDays(3);

        var response = await Answer(Token(expires: Now.AddDays(4)), """{"answer":"告"}""");

        response.AssertProblem(409, "campaign-not-open");
        Assert.Equal("closed", response.Json.GetProperty("campaignStatus").GetString());
        Assert.EndsWith("+08:00", response.Json.GetProperty("closesAt").GetString());
    }

    [Fact]
    public async Task Past_the_per_person_limit_is_429_with_retry_after()
    {
        _entries.Setup(s => s.FindAsync("lantern", It.IsAny<int>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((EntryRecord?)null);
        _entries.Setup(s => s.TryInsertAsync(It.IsAny<EntryRecord>(), It.IsAny<CancellationToken>())).ReturnsAsync("etag");
        _entries.Setup(s => s.TryReplaceAsync(It.IsAny<EntryRecord>(), It.IsAny<CancellationToken>())).ReturnsAsync("etag-next");
        var token = Token();
        for (var i = 0; i < 3; i++) Assert.Equal(200, (await Answer(token, """{"answer":"错"}""")).Status);

        var response = await Answer(token, """{"answer":"错"}""");

        response.AssertProblem(429, "rate-limited");
        // 3 per 10 s: a token comes back every 3.3 s.
        Assert.Equal("4", response.Headers.RetryAfter.ToString());
        Assert.Equal(4, response.Json.GetProperty("retryAfterSeconds").GetInt32());
    }

    [Fact]
    public async Task A_right_answer_says_so_without_revealing_any_accepted_answer()
    {
        _entries.Setup(s => s.FindAsync("lantern", It.IsAny<int>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((EntryRecord?)null);
        _entries.Setup(s => s.TryInsertAsync(It.IsAny<EntryRecord>(), It.IsAny<CancellationToken>())).ReturnsAsync("etag");

        var response = await Answer(Token(), """{"answer":" 《告》。"}""");

        Assert.Equal(200, response.Status);
        Assert.True(response.Json.GetProperty("correct").GetBoolean());
        Assert.Equal(0, response.Json.GetProperty("attemptsLeft").GetInt32()); // solved: nothing left to attempt
        Assert.DoesNotContain("secret-", response.Body);
    }

    [Fact]
    public async Task Dev_tokens_exist_only_with_the_devhost_key_and_only_the_options_with_that_key_accept_them()
    {
        var production = new DevTokenFunctions(_tokens, _clock, NullLogger<DevTokenFunctions>.Instance);
        var request = HttpTestContext.Request("POST", """{"sub":"dev-1","member":true}""");
        (await HttpTestContext.Execute(request, await production.MintDevToken(request))).AssertProblem(404, "not-found");

        var devOptions = _tokens.WithDevTokenKey(Enumerable.Range(100, 32).Select(i => (byte)i).ToArray());
        var development = new DevTokenFunctions(devOptions, _clock, NullLogger<DevTokenFunctions>.Instance);
        request = HttpTestContext.Request("POST", """{"sub":"dev-1","member":true}""");
        var minted = await HttpTestContext.Execute(request, await development.MintDevToken(request));

        Assert.Equal(200, minted.Status);
        Microsoft.AspNetCore.Http.HttpRequest Check() => HttpTestContext.Request("GET", headers: new Dictionary<string, string>
        {
            ["Authorization"] = "Bearer " + minted.Json.GetProperty("token").GetString(),
        });
        var entrant = await new EntrantAuthenticator(devOptions, _clock).AuthenticateAsync(Check());
        Assert.Equal(new Entrant("dev-1", IsMember: true), entrant);
        // The production options (the configured key only) refuse the same token: it is signed with the dev key.
        var refused = await Assert.ThrowsAsync<ProblemException>(() => new EntrantAuthenticator(_tokens, _clock).AuthenticateAsync(Check()));
        Assert.Equal(401, refused.Problem.Status);
    }

    [Fact]
    public void A_dev_token_key_equal_to_a_configured_signing_key_is_refused() =>
        Assert.Throws<InvalidOperationException>(() => _tokens.WithDevTokenKey(Key));

    [Fact]
    public async Task Tokens_signed_with_a_configured_rsa_key_are_accepted_and_other_rsa_keys_are_not()
    {
        using var platform = System.Security.Cryptography.RSA.Create(2048);
        using var stranger = System.Security.Cryptography.RSA.Create(2048);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Entrants:Issuer"] = "union-idp",
            ["Entrants:Audience"] = "fanrewards",
            ["Entrants:RsaPublicKeys:0"] = platform.ExportSubjectPublicKeyInfoPem(),
        }).Build();
        var authenticator = new EntrantAuthenticator(EntrantTokenOptions.From(configuration, Environment("Production")), _clock);

        string Signed(System.Security.Cryptography.RSA key) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "union-idp", Audience = "fanrewards", Subject = new ClaimsIdentity([new Claim("sub", "rsa-worker")]),
            Claims = new Dictionary<string, object> { ["member"] = true },
            IssuedAt = Now.AddMinutes(-1).UtcDateTime, NotBefore = Now.AddMinutes(-1).UtcDateTime, Expires = Now.AddHours(1).UtcDateTime,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key), SecurityAlgorithms.RsaSha256),
        });
        Microsoft.AspNetCore.Http.HttpRequest With(string token) =>
            HttpTestContext.Request("GET", headers: new Dictionary<string, string> { ["Authorization"] = "Bearer " + token });

        Assert.Equal(new Entrant("rsa-worker", IsMember: true), await authenticator.AuthenticateAsync(With(Signed(platform))));
        var refused = await Assert.ThrowsAsync<FanRewards.Core.ProblemException>(() => authenticator.AuthenticateAsync(With(Signed(stranger))));
        Assert.Equal(401, refused.Problem.Status);
    }

    private async Task<TestResponse> Answer(string? token, string body, string campaign = "lantern", string riddle = "r0001")
    {
        var headers = new Dictionary<string, string>();
        if (token is not null) headers["Authorization"] = "Bearer " + token;
        var request = HttpTestContext.Request("POST", body, headers: headers);
        return await HttpTestContext.Execute(request, await _functions.AnswerRiddle(request, campaign, riddle));
    }

    private string Token(string sub = "worker-42", string issuer = "union-idp", string audience = "fanrewards", byte[]? key = null,
        DateTimeOffset? expires = null, bool noExpiry = false, bool member = false)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", sub)]),
            Claims = new Dictionary<string, object> { ["member"] = member },
            IssuedAt = Now.AddMinutes(-10).UtcDateTime,
            NotBefore = Now.AddMinutes(-10).UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key ?? Key), SecurityAlgorithms.HmacSha256),
        };
        if (!noExpiry) descriptor.Expires = (expires ?? Now.AddHours(1)).UtcDateTime;
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(descriptor);
    }

    private static IHostEnvironment Environment(string name) => Mock.Of<IHostEnvironment>(e => e.EnvironmentName == name);
}

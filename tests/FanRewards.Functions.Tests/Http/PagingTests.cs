using FanRewards.Azurite;
using FanRewards.Core;
using FanRewards.Core.Approvals;
using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.DataAccess;
using FanRewards.Core.Draws;
using FanRewards.Core.Due;
using FanRewards.Core.Entries;
using FanRewards.Core.Figures;
using FanRewards.Core.Outbox;
using FanRewards.Core.Steps;
using FanRewards.Functions.Campaigns;
using FanRewards.Functions.Draws;
using FanRewards.Functions.Entries;
using FanRewards.Functions.Events;
using FanRewards.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace FanRewards.Functions.Tests.Http;

/// <summary>
/// Every route that pages reads its size (<c>limit</c>, or <c>max</c> on the admin lists) and <c>after</c> key one way:
/// a bad value is 422 with codes, and storage is not asked anything (the mocks are strict and verified untouched).
/// </summary>
public sealed class PagingTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly string Pseudonym = new('a', 64);
    private readonly ManualClock _clock = new(Now);
    private readonly Mock<ICampaignStore> _campaigns = new(MockBehavior.Strict);
    private readonly Mock<IEntryStore> _entries = new(MockBehavior.Strict);
    private readonly Mock<IOutbox> _outbox = new(MockBehavior.Strict);
    private readonly Mock<IDrawStore> _draws = new(MockBehavior.Strict);
    private readonly Mock<IAwardStore> _awards = new(MockBehavior.Strict);

    public static TheoryData<string> BadSizes => ["0", "1001", "ten", "-1", "+5", " 5", "1.5", "1e3", "99999999999", "5,6"];

    public static TheoryData<string> BadKeys => ["abc", new string('a', 63), new string('A', 64), new string('g', 64), Pseudonym + "0"];

    public static TheoryData<string> AdminLists => ["audit", "messages", "events"];

    [Theory]
    [MemberData(nameof(BadSizes))]
    public async Task A_bad_max_on_every_admin_list_is_422_naming_max_and_reads_nothing(string max)
    {
        foreach (var list in AdminLists)
        {
            var response = await GetAsync(list, "?max=" + Uri.EscapeDataString(max));

            AssertSizeProblem(response, "max", 1000);
        }
        VerifyNothingRead();
    }

    [Theory]
    [MemberData(nameof(BadSizes))]
    public async Task A_bad_limit_on_a_draws_entry_set_is_422_naming_limit_and_reads_nothing(string limit)
    {
        var response = await GetAsync("entries", "?limit=" + Uri.EscapeDataString(limit));

        AssertSizeProblem(response, "limit", 1000);
        VerifyNothingRead();
    }

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task A_bad_after_key_is_422_naming_after_and_reads_nothing(string after)
    {
        var response = await GetAsync("entries", "?after=" + Uri.EscapeDataString(after));

        response.AssertProblem(422, "validation");
        Assert.Equal(["Must be a pseudonym: 64 lowercase hex digits."], Messages(response, "after"));
        Assert.Equal("invalid-cursor", Code(response, "after"));
        VerifyNothingRead();
    }

    [Fact]
    public async Task A_bad_limit_and_a_bad_after_are_reported_together()
    {
        var response = await GetAsync("entries", "?limit=0&after=nope");

        response.AssertProblem(422, "validation");
        Assert.Equal(["after", "limit"], response.Json.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        VerifyNothingRead();
    }

    [Theory]
    [InlineData("", 200, null)]
    [InlineData("?max=", 200, null)]
    [InlineData("?max=1", 1, null)]
    [InlineData("?max=0042", 42, null)]
    [InlineData("?max=1000", 1000, null)]
    [InlineData("?after=x", 200, null)] // the admin lists take no key: it is not read
    public void The_admin_lists_take_max_from_1_to_1000_and_200_without_it(string query, int limit, string? after) =>
        Assert.Equal(new PageRequest(limit, after), PageRequest.From(Request(query), PageRule.AdminList));

    [Fact]
    public void A_draws_entry_set_takes_up_to_1000_after_a_pseudonym()
    {
        Assert.Equal(new PageRequest(1000, null), PageRequest.From(Request(""), PageRule.DrawEntries));
        Assert.Equal(new PageRequest(7, Pseudonym), PageRequest.From(Request($"?limit=7&after={Pseudonym}"), PageRule.DrawEntries));
    }

    [Fact]
    public async Task Every_code_a_bad_page_gives_is_documented_in_problems_md()
    {
        var problems = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "docs", "PROBLEMS.md"));
        var codes = new List<string?>();
        foreach (var query in new[] { "?limit=ten", "?limit=0", "?after=nope" })
        {
            codes.AddRange((await GetAsync("entries", query)).Json.GetProperty("errorCodes").EnumerateObject()
                .SelectMany(p => p.Value.EnumerateArray()).Select(c => c.GetProperty("code").GetString()));
        }

        Assert.Equal(["not-a-whole-number", "out-of-range", "invalid-cursor"], codes);
        Assert.All(codes, code => Assert.Contains($"`{code}`", problems));
    }

    private static void AssertSizeProblem(TestResponse response, string name, int max)
    {
        response.AssertProblem(422, "validation");
        Assert.Equal([$"Must be a whole number from 1 to {max}."], Messages(response, name));
        Assert.Contains(Code(response, name), new[] { "not-a-whole-number", "out-of-range" });
        var args = response.Json.GetProperty("errorCodes").GetProperty(name)[0].GetProperty("args");
        Assert.Equal((1, max), (args.GetProperty("min").GetInt32(), args.GetProperty("max").GetInt32()));
    }

    private static string[] Messages(TestResponse response, string name) =>
        response.Json.GetProperty("errors").GetProperty(name).EnumerateArray().Select(m => m.GetString()!).ToArray();

    private static string? Code(TestResponse response, string name) =>
        response.Json.GetProperty("errorCodes").GetProperty(name)[0].GetProperty("code").GetString();

    private void VerifyNothingRead()
    {
        _campaigns.VerifyNoOtherCalls();
        _entries.VerifyNoOtherCalls();
        _outbox.VerifyNoOtherCalls();
        _draws.VerifyNoOtherCalls();
        _awards.VerifyNoOtherCalls();
    }

    private static HttpRequest Request(string query)
    {
        var request = HttpTestContext.Request("GET");
        request.QueryString = new QueryString(query);
        return request;
    }

    private async Task<TestResponse> GetAsync(string route, string query)
    {
        var request = Request(query);
        var result = route switch
        {
            "audit" => await AdminCampaigns().GetCampaignAudit(request, "lantern"),
            "messages" => await EntrantAdmin().ListMessages(request, "lantern"),
            "events" => await Outbox().ListCampaignEvents(request, "lantern"),
            "entries" => await Draws().GetDrawEntries(request, "lantern", "main"),
            _ => throw new ArgumentOutOfRangeException(nameof(route), route, null),
        };
        return await HttpTestContext.Execute(request, result);
    }

    private CampaignAdminService Admin() =>
        new(_campaigns.Object, Catalog(), _clock, new PublishPolicy(),
            // Strict: paging publishes nothing, so no draw, seed or due mark is written.
            [new DrawPublication(Mock.Of<IDrawStore>(MockBehavior.Strict)), new InstantWinPublication(Mock.Of<IInstantSeedStore>(MockBehavior.Strict)),
                new TopNPublication(new DueLedger(Mock.Of<IDueIndex>(MockBehavior.Strict), _clock, new DueOptions()))]);

    private PublicCampaignCatalog Catalog() => new(new CachingCampaignStore(_campaigns.Object, _clock, new CampaignCacheOptions()), _clock);

    private AdminCampaignFunctions AdminCampaigns() => new(Admin(), Approvals(), TestAdminGate.Anyone, _clock, NullLogger<AdminCampaignFunctions>.Instance);

    /// <summary>Strict: paging asks for no approval.</summary>
    private ApprovalService Approvals() => new(Mock.Of<IApprovalStore>(MockBehavior.Strict), Admin(), DrawFake.Runner(_clock), DrawFake.Queries(),
        Mock.Of<IAuditLog>(MockBehavior.Strict), _clock);

    private EntrantAdminFunctions EntrantAdmin()
    {
        var audit = Mock.Of<IAuditLog>(MockBehavior.Strict);
        var disqualified = Mock.Of<IDisqualificationStore>(MockBehavior.Strict);
        return new EntrantAdminFunctions(new ModerationService(Admin(), _entries.Object, audit, _clock),
            new DisqualifiedWinners(new DisqualificationService(Admin(), disqualified, audit, _clock), _campaigns.Object, _awards.Object,
                new PrizePasses(_awards.Object, Mock.Of<IDrawAlternates>(MockBehavior.Strict), Mock.Of<IDisqualificationStore>(), _clock, new ClaimOptions(), audit),
                new LikeWithdrawal(_entries.Object, Mock.Of<IFigureStore>(MockBehavior.Strict),
                    new Core.Due.DueLedger(Mock.Of<Core.Due.IDueIndex>(MockBehavior.Strict), _clock, new Core.Due.DueOptions()))),
            disqualified, Admin(), TestAdminGate.Anyone, NullLogger<EntrantAdminFunctions>.Instance);
    }

    private OutboxFunctions Outbox() =>
        new(new OutboxPublisher(_outbox.Object, new DueLedger(Mock.Of<IDueIndex>(MockBehavior.Strict), _clock, new DueOptions()), null, _clock,
            NullLogger<OutboxPublisher>.Instance, new OutboxPublisherOptions()), _outbox.Object, _campaigns.Object, TestAdminGate.Anyone, NullLogger<OutboxFunctions>.Instance);

    private DrawFunctions Draws()
    {
        var queue = Mock.Of<IStepQueue>(MockBehavior.Strict);
        var options = new DrawOptions();
        // Strict: paging runs no draw, so the runner writes nothing.
        var runner = new DrawRunner(_campaigns.Object, _draws.Object, queue, new DrawStepSender(_draws.Object, queue, _clock, options),
            new DrawEligibility(_entries.Object, Mock.Of<IDisqualificationStore>(MockBehavior.Strict), _awards.Object, _draws.Object),
            new DrawWinnerAwards(_awards.Object, new VoucherIssuer(_awards.Object, Mock.Of<IVoucherStore>(MockBehavior.Strict), _clock), _clock,
                new PrizePasses(_awards.Object, Mock.Of<IDrawAlternates>(MockBehavior.Strict), Mock.Of<IDisqualificationStore>(), _clock, new ClaimOptions(), Mock.Of<IAuditLog>(MockBehavior.Strict))),
            Mock.Of<IAuditLog>(MockBehavior.Strict), _clock, options);
        var results = new PublishedDrawResults(_draws.Object, _clock, new PublicReadOptions(), _awards.Object,
            Mock.Of<IClaimContactStore>(MockBehavior.Strict), new AwardChanges());
        return new DrawFunctions(runner, new DrawQueries(_campaigns.Object, _draws.Object), results, Catalog(), Approvals(),
            new PersonalDataAccess(Mock.Of<IDataAccessLog>(MockBehavior.Strict), _clock), TestAdminGate.Anyone, NullLogger<DrawFunctions>.Instance);
    }
}

using FanRewards.Core.Admins;
using FanRewards.Core.DataAccess;
using FanRewards.Core.Entries;
using FanRewards.Functions.Approvals;
using FanRewards.Functions.Awards;
using FanRewards.Functions.Draws;
using FanRewards.Functions.Http;
using FanRewards.Functions.Identity;
using FanRewards.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace FanRewards.Functions.Tests.Approvals;

/// <summary>
/// Exports with contact data need a reason and leave a record the auditor reads; without a reason nothing is read,
/// written or sent; the masked awards list leaves none.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PersonalDataAccessTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TestAdminGate Fulfilment = TestAdminGate.As("李会计", AdminRoles.Fulfilment);
    private static readonly TestAdminGate Auditor = TestAdminGate.As("赵审计", AdminRoles.Auditor);
    private DrawScenario _scenario = null!;

    public async Task InitializeAsync()
    {
        _scenario = await DrawScenario.CreateAsync(azurite);
        await _scenario.PublishAsync("pd", draws: 1);
        await _scenario.EnterAsync(await _scenario.CampaignAsync("pd"), 12);
        _scenario.Clock.Now = DrawScenario.Start.AddHours(8).AddMinutes(1);
        await _scenario.Service.TickAsync(CancellationToken.None);
        await _scenario.Queue.DeliverAllAsync(_scenario.Service);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_export_of_contacts_is_recorded_before_it_is_sent_and_the_auditor_sees_it()
    {
        var export = await Get(Fulfilment, "?reason=%E5%AF%84%E9%80%81%E5%A5%96%E5%93%81", (f, r) => f.ExportAwards(r, "pd")); // 寄送奖品

        Assert.Equal(200, export.Status);
        var rows = export.Body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length - 1;
        Assert.Equal(5, rows); // 3 passes and 2 tickets
        var listed = await ListAsAuditor();
        Assert.Equal(200, listed.Status);
        var record = Assert.Single(listed.Json.GetProperty("items").EnumerateArray());
        Assert.Equal(("pd-awards.csv", 5, "寄送奖品", "李会计", "test-李会计"), (record.GetProperty("what").GetString(), record.GetProperty("rows").GetInt32(),
            record.GetProperty("reason").GetString(), record.GetProperty("actor").GetProperty("name").GetString(),
            record.GetProperty("actor").GetProperty("id").GetString()));
        Assert.StartsWith("2027-02-20T20:01:00+08:00", record.GetProperty("at").GetString());
        (await List(Fulfilment)).AssertProblem(403, "admin-forbidden");
    }

    [Theory]
    [InlineData("")]
    [InlineData("?reason=ab")]
    [InlineData("?reason=%20%20%20%20")]
    public async Task Without_a_reason_an_export_is_422_and_nothing_is_written_or_sent(string query)
    {
        var awards = await Get(Fulfilment, query, (f, r) => f.ExportAwards(r, "pd"));
        var winners = await GetWinners(query);

        Assert.All([awards, winners], response =>
        {
            response.AssertProblem(422, "validation");
            Assert.True(response.Json.GetProperty("errors").TryGetProperty("reason", out _));
            Assert.DoesNotContain("wx_", response.Body);
        });
        Assert.Empty((await ListAsAuditor()).Json.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task The_winners_export_is_recorded_with_its_ranked_rows_and_the_masked_awards_list_writes_none()
    {
        Assert.Equal(200, (await Get(Fulfilment, "", (f, r) => f.ListAwards(r, "pd"))).Status);
        Assert.Empty((await ListAsAuditor()).Json.GetProperty("items").EnumerateArray());

        Assert.Equal(200, (await GetWinners("?reason=%E6%A0%B8%E5%AF%B9%E4%B8%AD%E5%A5%96%E5%90%8D%E5%8D%95")).Status); // 核对中奖名单

        var record = Assert.Single((await ListAsAuditor()).Json.GetProperty("items").EnumerateArray());
        Assert.Equal(("pd-evening-winners.csv", 9), (record.GetProperty("what").GetString(), record.GetProperty("rows").GetInt32())); // 5 winners, 4 alternates
    }

    private PersonalDataAccess DataAccess() => new(new TableDataAccessLog(_scenario.Tables), _scenario.Clock);

    private async Task<TestResponse> Get(IAdminGate gate, string query, Func<ClaimFunctions, HttpRequest, Task<Microsoft.AspNetCore.Mvc.IActionResult>> trigger)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Entrants:Issuer"] = "union-idp",
            ["Entrants:Audience"] = "fanrewards",
            ["Entrants:HmacKeys:0"] = Convert.ToBase64String(new byte[32]),
        }).Build();
        var tokens = EntrantTokenOptions.From(configuration, Mock.Of<IHostEnvironment>(e => e.EnvironmentName == "Production"));
        var entrants = new EntrantGate(new EntrantAuthenticator(tokens, _scenario.Clock), new RateLimiter(new RateLimitOptions(), _scenario.Clock),
            new ClientAddress(new ClientAddressOptions()));
        var functions = new ClaimFunctions(_scenario.Claims, entrants, gate, DataAccess(), NullLogger<ClaimFunctions>.Instance);
        var request = HttpTestContext.Request("GET");
        request.QueryString = new QueryString(query);
        return await HttpTestContext.Execute(request, await trigger(functions, request));
    }

    private async Task<TestResponse> GetWinners(string query)
    {
        var catalog = new Core.Campaigns.PublicCampaignCatalog(new Core.Campaigns.CachingCampaignStore(_scenario.Campaigns, _scenario.Clock,
            new Core.Campaigns.CampaignCacheOptions()), _scenario.Clock);
        var approvals = new Core.Approvals.ApprovalService(new TableApprovalStore(_scenario.Tables), _scenario.Admin, _scenario.Service,
            _scenario.Queries, new TableAuditLog(_scenario.Tables), _scenario.Clock);
        var functions = new DrawFunctions(_scenario.Service, _scenario.Queries, _scenario.Results, catalog, approvals, DataAccess(), Fulfilment,
            NullLogger<DrawFunctions>.Instance);
        var request = HttpTestContext.Request("GET");
        request.QueryString = new QueryString(query);
        return await HttpTestContext.Execute(request, await functions.ExportWinners(request, "pd", "evening"));
    }

    private Task<TestResponse> ListAsAuditor() => List(Auditor);

    private async Task<TestResponse> List(IAdminGate gate)
    {
        var approvals = new Core.Approvals.ApprovalService(new TableApprovalStore(_scenario.Tables), _scenario.Admin, _scenario.Service,
            _scenario.Queries, new TableAuditLog(_scenario.Tables), _scenario.Clock);
        var functions = new ApprovalFunctions(approvals, DataAccess(), _scenario.Admin, gate, NullLogger<ApprovalFunctions>.Instance);
        var request = HttpTestContext.Request("GET");
        return await HttpTestContext.Execute(request, await functions.ListDataAccess(request, "pd"));
    }
}

using FanRewards.Core.Admins;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Entries;
using FanRewards.Core.Fraud;
using FanRewards.Functions.Fraud;
using FanRewards.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using static FanRewards.Functions.Tests.Support.DrawScenario;

namespace FanRewards.Functions.Tests.Fraud;

/// <summary>The review's two routes: who may call them, what they answer, and bad requests that write nothing.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class FraudFunctionsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_auditor_sees_the_clusters_masked_but_cannot_disqualify()
    {
        var (scenario, campaign) = await RingAsync("audit");
        var functions = Functions(scenario, TestAdminGate.As("审计员", AdminRoles.Auditor));

        var request = HttpTestContext.Request("GET");
        var listed = await HttpTestContext.Execute(request, await functions.ListSuspicious(request, campaign.Id));
        Assert.Equal(200, listed.Status);
        var cluster = listed.Json.GetProperty("clusters").EnumerateArray().First(c => c.GetProperty("kind").GetString() == "network-burst");
        Assert.Equal(25, cluster.GetProperty("evidence").GetProperty("entrants").GetInt32());
        Assert.NotEmpty(cluster.GetProperty("evidence").GetProperty("perMinute").EnumerateArray());
        Assert.DoesNotContain("ring-0", listed.Body, StringComparison.Ordinal); // ids masked
        Assert.DoesNotContain("203.0.113", listed.Body, StringComparison.Ordinal); // no address, only keyed hashes

        var post = HttpTestContext.Request("POST", $$"""{"clusterId":"{{cluster.GetProperty("id").GetString()}}","reason":"多账号"}""");
        (await HttpTestContext.Execute(post, await functions.DisqualifyInBulk(post, campaign.Id))).AssertProblem(403, "admin-forbidden");
        Assert.Empty(await scenario.Disqualified.ListAsync(campaign.Id, CancellationToken.None));
    }

    [Theory]
    [InlineData("""{"entrantIds":["ring-00"]}""", "reason")]
    [InlineData("""{"clusterId":"x","entrantIds":["ring-00"],"reason":"多账号"}""", "clusterId")]
    [InlineData("""{"reason":"多账号"}""", "clusterId")]
    [InlineData("""{"entrantIds":["bad id!"],"reason":"多账号"}""", "entrantIds[0]")]
    [InlineData("""{"entrantIds":[],"reason":"多账号"}""", "entrantIds")]
    [InlineData("""{"pseudonyms":["0123456789abcdef"],"entrantIds":["ring-00"],"reason":"多账号"}""", "pseudonyms")]
    public async Task A_bad_request_is_a_422_naming_the_field_and_writes_nothing(string body, string field)
    {
        var (scenario, campaign) = await RingAsync("bad" + Math.Abs(body.GetHashCode() % 10_000));
        var functions = Functions(scenario, TestAdminGate.As("刘审核", AdminRoles.Moderator));

        var post = HttpTestContext.Request("POST", body);
        var response = await HttpTestContext.Execute(post, await functions.DisqualifyInBulk(post, campaign.Id));
        response.AssertProblem(422, "validation");
        Assert.True(response.Json.GetProperty("errors").TryGetProperty(field, out _), response.Body);
        Assert.Empty(await scenario.Disqualified.ListAsync(campaign.Id, CancellationToken.None));
    }

    [Fact]
    public async Task A_moderator_disqualifies_picked_entrants_of_a_cluster_and_an_unknown_pick_or_cluster_writes_nothing()
    {
        var (scenario, campaign) = await RingAsync("pick");
        var functions = Functions(scenario, TestAdminGate.As("刘审核", AdminRoles.Moderator));
        var report = await Review(scenario).GetAsync(campaign.Id, CancellationToken.None);
        var cluster = report.Clusters.First(c => c.Kind == ClusterKind.NetworkBurst);

        var unknown = HttpTestContext.Request("POST", """{"clusterId":"network-burst-000000000000","reason":"多账号"}""");
        (await HttpTestContext.Execute(unknown, await functions.DisqualifyInBulk(unknown, campaign.Id))).AssertProblem(404, "not-found");
        var stranger = HttpTestContext.Request("POST", $$"""{"clusterId":"{{cluster.Id}}","pseudonyms":["{{cluster.Entrants[0].Pseudonym}}","ffffffffffffffff"],"reason":"多账号"}""");
        (await HttpTestContext.Execute(stranger, await functions.DisqualifyInBulk(stranger, campaign.Id))).AssertProblem(422, "validation");
        Assert.Empty(await scenario.Disqualified.ListAsync(campaign.Id, CancellationToken.None));

        var picked = HttpTestContext.Request("POST", $$"""{"clusterId":"{{cluster.Id}}","pseudonyms":["{{cluster.Entrants[0].Pseudonym}}","{{cluster.Entrants[1].Pseudonym}}"],"reason":"多账号"}""");
        var done = await HttpTestContext.Execute(picked, await functions.DisqualifyInBulk(picked, campaign.Id));
        Assert.Equal(200, done.Status);
        Assert.Equal(2, done.Json.GetProperty("disqualified").GetInt32());
        // The answer names who acted, as the single disqualify answer's `by` does.
        Assert.Equal(("test-刘审核", "刘审核"), (done.Json.GetProperty("by").GetProperty("id").GetString(), done.Json.GetProperty("by").GetProperty("name").GetString()));
        var recorded = await scenario.Disqualified.ListAsync(campaign.Id, CancellationToken.None);
        Assert.Equal(2, recorded.Count);
        Assert.All(recorded, d => Assert.Equal(("多账号", new Core.Admins.AdminRef("test-刘审核", "刘审核")), (d.Reason, d.By)));
    }

    [Fact]
    public async Task A_retried_bulk_disqualification_changes_nothing_and_is_audited_once()
    {
        var (scenario, campaign) = await RingAsync("again");
        var functions = Functions(scenario, TestAdminGate.As("刘审核", AdminRoles.Moderator));

        for (var attempt = 0; attempt < 2; attempt++)
        {
            scenario.Clock.Now = scenario.Clock.Now.AddMinutes(1); // the retry comes a minute later
            var post = HttpTestContext.Request("POST", """{"entrantIds":["ring-00","ring-01"],"reason":"多账号"}""");
            Assert.Equal(200, (await HttpTestContext.Execute(post, await functions.DisqualifyInBulk(post, campaign.Id))).Status);
        }

        Assert.Equal(2, (await scenario.Disqualified.ListAsync(campaign.Id, CancellationToken.None)).Count);
        var audit = await scenario.Campaigns.ListAuditAsync(campaign.Id, 200, CancellationToken.None);
        Assert.Single(audit, a => a.Code == AuditCodes.EntrantsDisqualified);
    }

    private static FraudReview Review(DrawScenario scenario) => FraudReviews.Of(scenario);

    private FraudFunctions Functions(DrawScenario scenario, TestAdminGate gate)
    {
        var review = Review(scenario);
        return new FraudFunctions(review, new BulkDisqualification(review, scenario.Disqualifications, new TableAuditLog(scenario.Tables)),
            gate, NullLogger<FraudFunctions>.Instance);
    }

    /// <summary>25 accounts from one network within two minutes: a network burst.</summary>
    private async Task<(DrawScenario, Campaign)> RingAsync(string id)
    {
        var scenario = await DrawScenario.CreateAsync(azurite);
        var campaign = await scenario.PublishAsync(id, draws: 1);
        for (var i = 0; i < 25; i++)
        {
            scenario.Clock.Now = Start.AddSeconds(i * 5);
            var entrant = new Entrant($"ring-{i:D2}", false) { Client = new ClientTraits(NetworkPrefix.Of($"203.0.113.{i + 1}"), "WeChat/Android") };
            await scenario.Entries.AnswerRiddleAsync(campaign.Id, "r1", entrant, "告", CancellationToken.None);
        }
        await scenario.Figures.FlushAsync(CancellationToken.None);
        await scenario.Signals.FlushAsync(CancellationToken.None);
        return (scenario, campaign);
    }
}

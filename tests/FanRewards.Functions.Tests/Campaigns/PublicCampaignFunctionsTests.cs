using Azure;
using Azure.Data.Tables;
using FanRewards.Core;
using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Draws;
using FanRewards.Functions.Campaigns;
using FanRewards.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace FanRewards.Functions.Tests.Campaigns;

public sealed class PublicCampaignFunctionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly Mock<ICampaignStore> _store = new();
    private readonly Mock<TableServiceClient> _tableService = new();
    private readonly ManualClock _clock = new(Now);
    private readonly PublicCampaignFunctions _functions;

    public PublicCampaignFunctionsTests()
    {
        _functions = new PublicCampaignFunctions(new PublicCampaignCatalog(new CachingCampaignStore(_store.Object, _clock, new CampaignCacheOptions()), _clock),
            new PublishedDrawResults(Mock.Of<IDrawStore>(), _clock, new PublicReadOptions(), Mock.Of<IAwardStore>(), Mock.Of<IClaimContactStore>(),
                new AwardChanges()),
            StorageHealth(new StorageTables(_tableService.Object)), _clock, new PublicReadOptions(), NullLogger<PublicCampaignFunctions>.Instance);
    }

    [Fact]
    public async Task A_published_campaign_shows_its_rules_in_its_time_zone_and_never_the_answers()
    {
        StoreHas(Published("lantern"));
        var request = HttpTestContext.Request("GET");

        var response = await HttpTestContext.Execute(request, await _functions.GetPublicCampaign(request, "lantern"));

        Assert.Equal(200, response.Status);
        Assert.Equal("published", response.Json.GetProperty("status").GetString());
        Assert.EndsWith("+08:00", response.Json.GetProperty("schedule").GetProperty("opensAt").GetString());
        Assert.Equal("一口咬掉牛尾巴 1", response.Json.GetProperty("riddles")[0].GetProperty("question").GetString());
        Assert.False(response.Json.GetProperty("riddles")[0].TryGetProperty("answers", out _));
        Assert.DoesNotContain("secret-", response.Body);
        Assert.Equal(120m, response.Json.GetProperty("prizes")[0].GetProperty("valueYuan").GetDecimal());
        Assert.Equal("029-87310000", response.Json.GetProperty("organiser").GetProperty("contact").GetString());
    }

    [Fact]
    public async Task A_draft_is_invisible()
    {
        StoreHas(Published("plan") with { Lifecycle = CampaignLifecycle.Draft, PublishedAt = null });
        var request = HttpTestContext.Request("GET");

        var response = await HttpTestContext.Execute(request, await _functions.GetPublicCampaign(request, "plan"));

        response.AssertProblem(404, "not-found");
    }

    [Fact]
    public async Task The_list_shows_published_campaigns_with_their_status_now_and_hides_drafts_and_archived()
    {
        _store.Setup(s => s.ListAsync(It.IsAny<CancellationToken>())).ReturnsAsync(
        [
            new StoredCampaign(Published("open-one") with { PublishedAt = Now.AddHours(-2),
                Definition = TestCampaign.Riddle("open-one", Now.AddHours(-2)).BuildDefinition() }, "e1"),
            new StoredCampaign(Published("coming"), "e2"),
            new StoredCampaign(Published("draft") with { Lifecycle = CampaignLifecycle.Draft }, "e3"),
            new StoredCampaign(Published("old") with { Lifecycle = CampaignLifecycle.Archived }, "e4"),
        ]);
        var request = HttpTestContext.Request("GET");

        var response = await HttpTestContext.Execute(request, await _functions.ListPublicCampaigns(request));

        var listed = response.Json.EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["open-one"] = "open", ["coming"] = "published" }, listed);
    }

    [Fact]
    public async Task Health_is_503_problem_when_storage_cannot_be_reached()
    {
        _tableService.Setup(s => s.CreateTableIfNotExistsAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RequestFailedException(503, "down"));
        var request = HttpTestContext.Request("GET");

        var response = await HttpTestContext.Execute(request, await _functions.Health(request));

        response.AssertProblem(503, "unhealthy");
    }

    /// <summary>The host's health checks with the storage check alone, as AddFanRewardsStorage registers it.</summary>
    private static HealthCheckService StorageHealth(StorageTables tables) =>
        new ServiceCollection().AddLogging().AddSingleton(tables)
            .AddHealthChecks().AddCheck<StorageHealthCheck>(StorageHealthCheck.Name).Services
            .BuildServiceProvider().GetRequiredService<HealthCheckService>();

    private void StoreHas(Campaign campaign) =>
        _store.Setup(s => s.FindAsync(campaign.Id, It.IsAny<CancellationToken>())).ReturnsAsync(new StoredCampaign(campaign, "e"));

    private static Campaign Published(string id) => TestCampaign.Riddle(id, Now, riddles: 2).Published(Now).Build();
}

using BenchmarkDotNet.Attributes;
using FanRewards.Core;
using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Draws;
using FanRewards.Functions.Http;
using FanRewards.Functions.Seeding;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Moq;

namespace FanRewards.Benchmarks;

/// <summary>
/// What FanRewards' own code spends on one public read once its snapshots are built (storage is mocked and read only
/// on the first call): the trigger's body, i.e. the catalog, the snapshot and the result written, for a revalidation
/// (304) and a full answer (200). The seeded Lantern Festival campaign (40 riddles), drawn: 200 winners, 200 alternates.
/// The HTTP pipeline in front of it (Kestrel, routing, the host's dispatch) is not in these figures.
/// </summary>
[MemoryDiagnoser]
public class PublicReadBenchmarks
{
    private const string DrawId = "lantern-draw";
    private PublicCampaignCatalog _catalog = null!;
    private PublishedDrawResults _results = null!;
    private string _campaignId = "";
    private string _winnersTag = "", _proofTag = "", _pageTag = "";

    [GlobalSetup]
    public async Task Setup()
    {
        var seed = SeedLoader.Read(SeedPath());
        var drawnAt = DateTimeOffset.UtcNow.AddHours(-1);
        var campaign = new Campaign
        {
            Definition = seed.Campaign, Riddles = seed.Riddles, Candidates = seed.Candidates, Prizes = seed.Prizes,
            Lifecycle = CampaignLifecycle.Published, PublishedAt = drawnAt.AddDays(-9), UpdatedAt = drawnAt.AddDays(-9),
        };
        _campaignId = campaign.Id;
        var prize = seed.Prizes[0].Id ?? "";
        var campaigns = new Mock<ICampaignStore>();
        campaigns.Setup(s => s.FindAsync(_campaignId, It.IsAny<CancellationToken>())).ReturnsAsync(new StoredCampaign(campaign, "e"));
        var draws = new Mock<IDrawStore>();
        draws.Setup(s => s.FindAsync(_campaignId, DrawId, It.IsAny<CancellationToken>())).ReturnsAsync(new DrawRecord
        {
            CampaignId = _campaignId, DrawId = DrawId, At = drawnAt, State = DrawState.Drawn, Seed = new byte[32], Commitment = "c", Shards = 16,
            Tiers = [new DrawTier(prize, 200)], Alternates = 200, EntrySetDigest = "d", EntryCount = 100_000, DrawnAt = drawnAt, ETag = "W/\"d\"",
        });
        draws.Setup(s => s.ReadRankingAsync(_campaignId, DrawId, It.IsAny<CancellationToken>())).ReturnsAsync(
            Enumerable.Range(1, 400).Select(r => new RankedEntry(r, Convert.ToHexStringLower(BitConverter.GetBytes(r)).PadLeft(64, 'a'), 1, -r / 1000.0,
                r <= 200 ? prize : null)).ToList());
        var awards = new Mock<IAwardStore>();
        awards.Setup(s => s.FindAwardsVersionAsync(_campaignId, It.IsAny<CancellationToken>())).ReturnsAsync("W/\"v1\"");
        awards.Setup(s => s.ListAsync(_campaignId, It.IsAny<CancellationToken>())).ReturnsAsync(Enumerable.Range(1, 200).Select(r => new Award
        {
            CampaignId = _campaignId, AwardId = $"draw-{DrawId}-{r:D6}", PrizeId = prize, ActivityId = "lantern-riddles", Pseudonym = new string('a', 64),
            EntrantId = $"fan-{r}", Mode = AwardedBy.Draw, AwardedAt = drawnAt, DrawId = DrawId, Rank = r,
        }).ToList());
        var contacts = new Mock<IClaimContactStore>();
        contacts.Setup(s => s.ListAsync(_campaignId, It.IsAny<CancellationToken>())).ReturnsAsync([]);
        _catalog = new PublicCampaignCatalog(new CachingCampaignStore(campaigns.Object, TimeProvider.System, new CampaignCacheOptions()), TimeProvider.System);
        _results = new PublishedDrawResults(draws.Object, TimeProvider.System, new PublicReadOptions(), awards.Object, contacts.Object, new AwardChanges());

        _winnersTag = await EtagOf(Winners);
        _proofTag = await EtagOf(Proof);
        _pageTag = await EtagOf(CampaignPage);
    }

    [Benchmark]
    public Task Winners304() => Serve(Winners, _winnersTag);

    [Benchmark]
    public Task Winners200() => Serve(Winners, null);

    [Benchmark]
    public Task Proof304() => Serve(Proof, _proofTag);

    [Benchmark]
    public Task CampaignPage304() => Serve(CampaignPage, _pageTag);

    [Benchmark]
    public Task CampaignPage200() => Serve(CampaignPage, null);

    /// <summary>The campaign page as it was served before it was a snapshot: built, serialized and hashed per request.</summary>
    [Benchmark(Baseline = true)]
    public Task CampaignPage304BuiltPerRequest() => Serve(async () =>
    {
        var campaign = await VisibleAsync();
        var view = await _results.WithDrawStatesAsync(PublicCampaignView.From(campaign, DateTimeOffset.UtcNow), campaign, CancellationToken.None);
        return PublicResponse.Json(view, TimeSpan.FromSeconds(5));
    }, _pageTag);

    private async Task<IActionResult> Winners() => PublicResponse.Json(await _results.GetWinnersAsync(await VisibleAsync(), CancellationToken.None));

    private async Task<IActionResult> Proof() =>
        PublicResponse.Json(await _results.GetProofAsync(await VisibleAsync(), DrawId, CancellationToken.None));

    private async Task<IActionResult> CampaignPage() =>
        PublicResponse.Json(await _results.GetCampaignPageAsync(await VisibleAsync(), CancellationToken.None));

    private async Task<Campaign> VisibleAsync() =>
        await _catalog.FindVisibleAsync(_campaignId, CancellationToken.None) ?? throw new InvalidOperationException("The campaign is not visible.");

    private static async Task<int> Serve(Func<Task<IActionResult>> handle, string? ifNoneMatch)
    {
        var context = new DefaultHttpContext { Response = { Body = Stream.Null } };
        if (ifNoneMatch is not null) context.Request.Headers.IfNoneMatch = ifNoneMatch;
        await (await handle()).ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        return context.Response.StatusCode;
    }

    private static async Task<string> EtagOf(Func<Task<IActionResult>> handle)
    {
        var context = new DefaultHttpContext { Response = { Body = Stream.Null } };
        await (await handle()).ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        return context.Response.Headers.ETag.ToString();
    }

    private static string SeedPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var path = Path.Combine(directory.FullName, "seeds", "lantern-festival-2027.json");
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException("seeds/lantern-festival-2027.json above " + AppContext.BaseDirectory);
    }
}

using Azure.Data.Tables;
using FanRewards.Azurite;
using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Draws;
using FanRewards.Core.Due;
using FanRewards.Functions.Seeding;
using FanRewards.Storage;
using Microsoft.Extensions.Configuration;

namespace FanRewards.Functions.Tests.Seeding;

public sealed class SeedTests
{
    private static readonly string SeedsDirectory = Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "seeds");

    [Fact]
    public void There_is_a_seed_for_every_activity_kind_with_at_least_thirty_riddles()
    {
        var seeds = SeedLoader.ReadDirectory(SeedsDirectory).Select(s => s.Seed).ToList();

        Assert.Equal(6, seeds.Count);
        var kinds = seeds.SelectMany(s => s.Campaign.Activities!).Select(a => a.Kind).ToHashSet();
        Assert.Equal(Enum.GetValues<ActivityKind>().Select(k => (ActivityKind?)k).ToHashSet(), kinds);
        Assert.True(seeds.Sum(s => s.Riddles.Count) >= 30);
    }

    [Theory]
    [MemberData(nameof(SeedFiles))]
    public void Each_seed_is_publishable_on_its_real_dates(string file)
    {
        var seed = SeedLoader.Read(Path.Combine(SeedsDirectory, file));
        var campaign = new Campaign { Definition = seed.Campaign, Riddles = seed.Riddles, Candidates = seed.Candidates, Prizes = seed.Prizes };
        var errors = new FanRewards.Core.ValidationErrors();

        CampaignValidator.CheckPublishable(campaign, new PublishPolicy(), new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), errors);

        Assert.True(errors.IsEmpty, string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
    }

    [Theory]
    [MemberData(nameof(SeedFiles))]
    public void The_demo_shift_opens_a_seed_now_and_keeps_it_publishable(string file)
    {
        var now = new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
        var seed = SeedLoader.Read(Path.Combine(SeedsDirectory, file));
        var shifted = DemoSeeder.ShiftForDemo(seed.Campaign, now, TimeSpan.FromMinutes(10));
        var campaign = new Campaign
        {
            Definition = shifted, Riddles = seed.Riddles, Candidates = seed.Candidates, Prizes = seed.Prizes,
            Lifecycle = CampaignLifecycle.Published, PublishedAt = now,
        };
        var errors = new FanRewards.Core.ValidationErrors();

        CampaignValidator.CheckPublishable(campaign with { Lifecycle = CampaignLifecycle.Draft }, new PublishPolicy(), now, errors);

        Assert.True(errors.IsEmpty, string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        Assert.Equal(CampaignStatus.Open, campaign.StatusAt(now));
        Assert.Equal(CampaignStatus.Closed, campaign.StatusAt(now.AddMinutes(10)));
        Assert.All(shifted.Schedule!.Draws!, d => Assert.True(CampaignTime.Parse(d.At, campaign.Zone) <= now.AddMinutes(10 + 5)));
    }

    public static TheoryData<string> SeedFiles()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(SeedsDirectory, "*.json").Order()) data.Add(Path.GetFileName(path));
        return data;
    }

    [Fact]
    public void A_seed_with_an_unknown_field_fails_loudly()
    {
        var path = Path.Combine(Path.GetTempPath(), $"seed-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"campaign": {"id": "x", "tittle": "typo"}}""");
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => SeedLoader.Read(path));
            Assert.Contains("tittle", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

[Collection(AzuriteCollection.Name)]
public sealed class DemoSeederTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Seeds_load_through_the_admin_service_into_an_empty_store_once()
    {
        // A store of its own: the seeder only loads into an empty one.
        var tables = new StorageTables(new TableServiceClient(azurite.ConnectionString), "s" + Guid.NewGuid().ToString("N")[..12]);
        var store = new TableCampaignStore(tables);
        var now = DateTimeOffset.UtcNow;
        var clock = new ManualClock(now);
        var catalog = new PublicCampaignCatalog(new CachingCampaignStore(store, clock, new CampaignCacheOptions()), clock);
        var admin = new CampaignAdminService(store, catalog, clock, new PublishPolicy(),
            [new DrawPublication(new TableDrawStore(tables)), new InstantWinPublication(new TableInstantSeedStore(tables)), new TopNPublication(new DueLedger(new TableDueIndex(tables), clock, new DueOptions()))]);
        var vouchers = new VoucherService(admin, new TableVoucherStore(tables, clock), new TableAuditLog(tables), clock);
        var seeder = new DemoSeeder(new SeedLoader(admin), store, tables, new ConfigurationBuilder().Build(), vouchers);
        var seeds = Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "seeds");

        var loaded = await seeder.SeedIfEmptyAsync(seeds, now, CancellationToken.None);
        var again = await seeder.SeedIfEmptyAsync(seeds, now, CancellationToken.None);

        Assert.Equal(6, loaded);
        Assert.Equal(0, again);
        var listed = await catalog.ListVisibleAsync(CancellationToken.None);
        Assert.Equal(6, listed.Count);
        Assert.All(listed, c => Assert.Equal("open", c.Status));
        var lantern = await store.FindAsync("lantern-festival-2027", CancellationToken.None);
        Assert.True(lantern!.Campaign.Riddles.Count >= 30);
        Assert.Contains(await store.ListAuditAsync("lantern-festival-2027", 10, CancellationToken.None), a => a is { Action: "publish", Actor: "seed" });
    }
}

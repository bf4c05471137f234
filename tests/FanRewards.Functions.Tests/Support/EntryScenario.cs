using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Draws;
using FanRewards.Core.Due;
using FanRewards.Core.Entering;
using FanRewards.Core.Entries;
using FanRewards.Core.Figures;
using FanRewards.Storage;

namespace FanRewards.Functions.Tests.Support;

/// <summary>
/// A published <see cref="TestCampaign.Holiday"/> campaign on tables of its own in Azurite, with the stores and services entries
/// and awards go through. Awards on the spot (first come, instant) come from storage only when asked, so that a test
/// counting the storage requests of an entry sees the entry's alone; otherwise there is no stock (<see cref="NoSpotPrizes"/>).
/// </summary>
internal sealed class EntryScenario
{
    public required StorageTables Tables { get; init; }
    /// <summary>The tables' name prefix, for a second client on the same tables (with other options).</summary>
    public required string TablePrefix { get; init; }
    public required TableCampaignStore Campaigns { get; init; }
    public required CampaignAdminService Admin { get; init; }
    public required PublicCampaignCatalog Catalog { get; init; }
    public required TableEntryStore EntryStore { get; init; }
    /// <summary>The award store as the services use it: marking the due index before each award transaction.</summary>
    public required IAwardStore Awards { get; init; }
    public required TableAwardStore TableAwards { get; init; }
    public required DueLedger Due { get; init; }
    public required TableVoucherStore Vouchers { get; init; }
    public required VoucherIssuer Issuer { get; init; }
    public required TableDisqualificationStore Disqualified { get; init; }
    public required EntryService Entries { get; init; }
    public required Campaign Campaign { get; init; }

    public static async Task<EntryScenario> CreateAsync(AzuriteFixture azurite, string campaignId, TimeProvider clock,
        EntryScenarioOptions? options = null)
    {
        options ??= new EntryScenarioOptions();
        var clientOptions = new TableClientOptions();
        if (options.Requests is { } requests) clientOptions.AddPolicy(requests, HttpPipelinePosition.PerCall);
        var prefix = StorageNames.Unique("s");
        var tables = new StorageTables(new TableServiceClient(azurite.ConnectionString, clientOptions), prefix);
        await tables.EnsureCreatedAsync(CancellationToken.None);
        var campaigns = new TableCampaignStore(tables);
        var due = new DueLedger(new TableDueIndex(tables), clock, new DueOptions());
        var catalog = new PublicCampaignCatalog(new CachingCampaignStore(campaigns, clock, new CampaignCacheOptions { TimeToLive = options.CatalogTimeToLive }), clock);
        var admin = new CampaignAdminService(campaigns, catalog, clock, new PublishPolicy(),
            [new DrawPublication(new TableDrawStore(tables)), new InstantWinPublication(new TableInstantSeedStore(tables)), new TopNPublication(due)]);
        var campaign = (await TestCampaign.Holiday(campaignId, clock.GetUtcNow(), options.Seats, options.Tickets).PublishThroughAsync(admin)).Campaign;
        var entryStore = new TableEntryStore(tables);
        var tableAwards = new TableAwardStore(tables, new AwardChanges());
        var awards = new DueMarkingAwardStore(tableAwards, due);
        var vouchers = new TableVoucherStore(tables, clock);
        var issuer = new VoucherIssuer(awards, vouchers, clock);
        var disqualified = new TableDisqualificationStore(tables);
        return new EntryScenario
        {
            Tables = tables, TablePrefix = prefix, Campaigns = campaigns, Admin = admin, Catalog = catalog, EntryStore = entryStore, Awards = awards, TableAwards = tableAwards, Due = due,
            Vouchers = vouchers, Issuer = issuer, Disqualified = disqualified, Campaign = campaign,
            Entries = new EntryService(catalog, entryStore, new TableSeatStore(tables), clock, new EntryPolicy(),
                options.Awards ? new AwardService(awards, clock, issuer, new CachingInstantSeedStore(new TableInstantSeedStore(tables)),
                    new CachingDisqualificationStore(disqualified, clock, AwardService.DisqualifiedFreshFor)) : NoSpotPrizes.Service(clock),
                // Figures are tallied in memory and written only by a flush, which only a test that asks for figures runs.
                options.Figures ?? new EntryFigures(new TableFigureStore(tables), catalog, campaigns, clock, new FigureOptions(), entryStore),
                options.Watch ?? EntryWatches.Over(tables, clock)),
        };
    }
}

internal sealed record EntryScenarioOptions
{
    public int Seats { get; init; } = 10;
    public int Tickets { get; init; } = 5;
    /// <summary>First come and instant wins on accepted entries.</summary>
    public bool Awards { get; init; }
    public TimeSpan CatalogTimeToLive { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>Sees every storage request (counting them, or failing some).</summary>
    public HttpPipelinePolicy? Requests { get; init; }
    public EntryFigures? Figures { get; init; }
    /// <summary>The entry path's fraud watch; by default over the scenario's tables (the disqualified refused).</summary>
    public Core.Fraud.EntryWatch? Watch { get; init; }
}

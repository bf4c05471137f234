using Azure.Data.Tables;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Entries;
using FanRewards.Core.Figures;
using FanRewards.Core.Fraud;

namespace FanRewards.Storage.Tests;

/// <summary>
/// The fraud aggregates' store on Azurite when retention erases the rows behind an instance's back (retention runs on
/// its own store, <see cref="TablePersonalDataStore.EraseFraudSignalsAsync"/>): the instance remembers the rows' ETags,
/// which now name nothing. Its next add lands (the rows made again with its counts alone), and the tally drops nothing.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableSignalAggregateStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Minute = new(2027, 2, 20, 4, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_add_after_retention_erased_the_rows_it_remembered_makes_them_again()
    {
        var tables = await TablesAsync();
        var store = new TableSignalAggregateStore(tables);
        var instance = Guid.NewGuid().ToString("N");
        await store.AddAsync("erased", new FlushStamp(instance, 1), [Count("net-a", "p1", "p2"), Count("net-b", "p3")], CancellationToken.None);
        Assert.Equal(2, await RowCountAsync(store, "erased", "net-a"));

        Assert.True(await new TablePersonalDataStore(tables).EraseFraudSignalsAsync("erased", CancellationToken.None) > 0);
        await store.AddAsync("erased", new FlushStamp(instance, 2), [Count("net-a", "p4"), Count("net-b", "p5", "p6")], CancellationToken.None);

        Assert.Equal(1, await RowCountAsync(store, "erased", "net-a"));
        Assert.Equal(2, await RowCountAsync(store, "erased", "net-b"));
        Assert.Equal(["p5", "p6"], (await store.ReadSubjectAsync("erased", SignalKind.Network, "net-b", CancellationToken.None)).Single().Items
            .Select(i => i.Pseudonym).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_tally_flushed_after_retention_erased_its_rows_drops_nothing()
    {
        var tables = await TablesAsync();
        var store = new TableSignalAggregateStore(tables);
        var tally = new SignalTally(store, new FigureOptions());
        var campaign = TestCampaign.Lantern("tally").Published().Build();
        tally.EntryAccepted(campaign, Entry("p1", "net-a"));
        tally.EntryAccepted(campaign, Entry("p2", "net-a"));
        await tally.FlushAsync(CancellationToken.None);
        Assert.Equal(2, await RowCountAsync(store, "tally", "net-a"));

        await new TablePersonalDataStore(tables).EraseFraudSignalsAsync("tally", CancellationToken.None);
        tally.EntryAccepted(campaign, Entry("p3", "net-a"));
        await tally.FlushAsync(CancellationToken.None);

        Assert.Equal(1, await RowCountAsync(store, "tally", "net-a"));
        Assert.Equal(0, tally.Dropped);
    }

    private async Task<StorageTables> TablesAsync()
    {
        var tables = new StorageTables(new TableServiceClient(azurite.ConnectionString), StorageNames.Unique("g"));
        await tables.EnsureCreatedAsync(CancellationToken.None);
        return tables;
    }

    private static SignalCount Count(string network, params string[] pseudonyms) =>
        new(SignalKind.Network, network, Minute, pseudonyms.Select(p => new SignalItem(p, "e-" + p, Minute)).ToList(), HotAt: 5);

    private static EntryRecord Entry(string pseudonym, string network) => new()
    {
        CampaignId = "tally", Bucket = 0, RowKey = "", ActivityId = "riddles", Kind = ActivityKind.Riddle, EntrantId = "e-" + pseudonym,
        Pseudonym = pseudonym, AcceptedAt = Minute, NetworkSignal = network,
    };

    /// <summary>The stored count of the network's row for <see cref="Minute"/>, 0 when there is none.</summary>
    private static async Task<int> RowCountAsync(TableSignalAggregateStore store, string campaignId, string network) =>
        (await store.ReadSubjectAsync(campaignId, SignalKind.Network, network, CancellationToken.None)).SingleOrDefault()?.Count ?? 0;
}

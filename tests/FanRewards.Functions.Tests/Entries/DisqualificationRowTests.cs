using Azure.Data.Tables;
using FanRewards.Core.Admins;
using FanRewards.Core.Entries;
using FanRewards.Storage;

namespace FanRewards.Functions.Tests.Entries;

/// <summary>A disqualification's decider as its table row keeps it: the person's id and name, and old rows with a name only.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DisqualificationRowTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2027, 3, 1, 2, 0, 0, TimeSpan.Zero);
    private StorageTables _tables = null!;
    private TableDisqualificationStore _store = null!;

    public async Task InitializeAsync()
    {
        _tables = new StorageTables(new TableServiceClient(azurite.ConnectionString), StorageNames.Unique("dq"));
        await _tables.EnsureCreatedAsync(CancellationToken.None);
        _store = new TableDisqualificationStore(_tables);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_deciders_id_and_name_are_stored_and_read_back()
    {
        var recorded = new Disqualification("c1", "fan-001", new string('a', 64), "多账号", new AdminRef("oid-liu", "刘审核"), At);
        Assert.True(await _store.TryAddAsync(recorded, CancellationToken.None));

        Assert.Equal(recorded, await _store.FindAsync("c1", "fan-001", CancellationToken.None));
        Assert.Equal([recorded], await _store.ListAsync("c1", CancellationToken.None));
    }

    [Fact]
    public async Task A_row_written_before_admins_signed_in_as_themselves_reads_with_the_name_and_no_id()
    {
        // The row as the store wrote it before the decider had an id: By is the name, no ById column.
        await _tables.CampaignState.AddEntityAsync(new TableEntity("c2:disqualified", "fan-002")
        {
            ["Pseudonym"] = new string('b', 64), ["Reason"] = "刷票", ["By"] = "admin", ["At"] = At,
        });

        var read = await _store.FindAsync("c2", "fan-002", CancellationToken.None);

        Assert.Equal(new AdminRef(null, "admin"), read?.By);
        Assert.Equal(new AdminRef(null, "admin"), Assert.Single(await _store.ListAsync("c2", CancellationToken.None)).By);
    }
}

using Azure;
using Azure.Data.Tables;
using FanRewards.Core.Figures;

namespace FanRewards.Storage.Tests;

/// <summary>
/// The merge the figures and the fraud aggregates share (<see cref="MarkerGuardedMerge"/>), on Azurite: an add sent again
/// under its stamp lands once, a row another instance wrote since the read is read again (nothing lost), and a failure
/// that is not a conflict tells the store before it is thrown, leaving the marker where it was.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class MarkerGuardedMergeTests(AzuriteFixture azurite)
{
    private const string Partition = "campaign:figures";

    [Fact]
    public async Task An_add_sent_again_under_its_stamp_lands_once_and_each_instance_has_its_own_marker()
    {
        var table = await TableAsync();
        var stamp = new FlushStamp("instance-a", 1);

        Assert.NotNull(await MergeAsync(table, stamp, AddTo(table, 5)));
        Assert.Null(await MergeAsync(table, stamp, AddTo(table, 5))); // its answer was lost: sent again
        Assert.NotNull(await MergeAsync(table, new FlushStamp("instance-a", 2), AddTo(table, 3)));
        Assert.NotNull(await MergeAsync(table, new FlushStamp("instance-b", 1), AddTo(table, 1)));

        Assert.Equal(9, await CountAsync(table));
    }

    [Fact]
    public async Task A_row_another_instance_wrote_since_the_read_is_read_again_and_nothing_is_lost()
    {
        var table = await TableAsync();
        await MergeAsync(table, new FlushStamp("seed", 1), AddTo(table, 1));
        var attempts = new List<int>();

        await MergeAsync(table, new FlushStamp("instance-a", 1), async attempt =>
        {
            attempts.Add(attempt);
            var rows = await AddTo(table, 5)(attempt);
            // Another instance adds between this attempt's read and its transaction.
            if (attempt == 1) await MergeAsync(table, new FlushStamp("instance-b", 1), AddTo(table, 10));
            return rows;
        });

        Assert.Equal([1, 2], attempts);
        Assert.Equal(16, await CountAsync(table));
    }

    [Fact]
    public async Task A_failure_that_is_not_a_conflict_tells_the_store_is_thrown_and_leaves_the_marker_where_it_was()
    {
        var table = await TableAsync();
        await MergeAsync(table, new FlushStamp("instance-a", 1), AddTo(table, 1));
        var told = 0;
        // A row remembered under an ETag but erased since (retention): the replace answers 404.
        var stale = new ETag("W/\"datetime'2026-01-01T00%3A00%3A00.0000000Z'\"");

        await Assert.ThrowsAsync<TableTransactionFailedException>(() => MarkerGuardedMerge.MergeAsync(table, Partition, new FlushStamp("instance-a", 2),
            _ => Task.FromResult(new MarkedMergeRows([new MergedRow(new TableEntity(Partition, "erased") { ["Count"] = 1L }, stale)], [])),
            () => told++, CancellationToken.None));

        Assert.Equal(1, told);
        // The marker still holds the first stamp: the add sent again, its rows read this time, lands.
        Assert.NotNull(await MergeAsync(table, new FlushStamp("instance-a", 2), AddTo(table, 2)));
        Assert.Equal(3, await CountAsync(table));
    }

    private async Task<TableClient> TableAsync()
    {
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient(StorageNames.Unique("merge"));
        await table.CreateIfNotExistsAsync();
        return table;
    }

    private static Task<IReadOnlyList<Response>?> MergeAsync(TableClient table, FlushStamp stamp, Func<int, Task<MarkedMergeRows>> rows) =>
        MarkerGuardedMerge.MergeAsync(table, Partition, stamp, rows, () => { }, CancellationToken.None);

    /// <summary>Adds to the count row "n" as the figure store adds to its rows: read on every attempt.</summary>
    private static Func<int, Task<MarkedMergeRows>> AddTo(TableClient table, long amount) => async _ =>
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, "n");
        return new MarkedMergeRows(
        [
            row.HasValue
                ? new MergedRow(new TableEntity(Partition, "n") { ["Count"] = row.Value!.GetInt64("Count").GetValueOrDefault() + amount }, row.Value.ETag)
                : new MergedRow(new TableEntity(Partition, "n") { ["Count"] = amount }, null),
        ], []);
    };

    private static async Task<long> CountAsync(TableClient table) =>
        (await table.GetEntityAsync<TableEntity>(Partition, "n")).Value.GetInt64("Count").GetValueOrDefault();
}

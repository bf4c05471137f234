using Azure.Core;
using Azure.Data.Tables;

namespace FanRewards.Storage.Tests;

/// <summary>
/// Inserts that meet in a partition leave together, against Azurite: each keeps its own outcome (its ETag, or null for a
/// row that exists, whether it existed before or was written by a twin in the same burst), nothing is lost or written
/// twice, and a burst costs fewer requests than inserts.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PartitionInsertBatcherTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly StorageRequestCounter _requests = new();
    private TableClient _table = null!;
    private PartitionInsertBatcher _batcher = null!;

    public async Task InitializeAsync()
    {
        var options = new TableClientOptions();
        options.AddPolicy(_requests, HttpPipelinePosition.PerCall);
        _table = new TableClient(azurite.ConnectionString, StorageNames.Unique("batched"), options);
        await _table.CreateIfNotExistsAsync();
        _batcher = new PartitionInsertBatcher(_table);
        _requests.Reset();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static TableEntity Row(string partition, string row) => new(partition, row) { ["Weight"] = 1 };

    private async Task<List<TableEntity>> RowsOf(string partition) =>
        await _table.QueryAsync<TableEntity>(e => e.PartitionKey == partition).ToListAsync();

    [Fact]
    public async Task A_lone_insert_is_one_plain_request_with_its_etag()
    {
        var etag = await _batcher.InsertAsync(Row("p", "alone"), CancellationToken.None);

        Assert.Equal((await _table.GetEntityAsync<TableEntity>("p", "alone")).Value.ETag.ToString(), etag);
        Assert.Equal((1, 0), (_requests.Writes, _requests.Transactions));
        Assert.Null(await _batcher.InsertAsync(Row("p", "alone"), CancellationToken.None));
    }

    [Fact]
    public async Task A_partition_leaves_the_map_when_its_inserts_are_done_and_the_next_insert_finds_a_new_queue()
    {
        // 40 partitions (campaigns × buckets over an instance's life), 10 racing inserts each, some racing the moment
        // a sender retires its queue: every insert lands once, and afterwards the map holds nothing.
        var inserts = Enumerable.Range(0, 400).Select(i => Task.Run(() =>
            _batcher.InsertAsync(Row($"campaign-{i % 40}", $"row-{i}"), CancellationToken.None))).ToList();
        var etags = await Task.WhenAll(inserts);

        Assert.All(etags, Assert.NotNull);
        // A sender answers its callers before it finds its queue empty and retires it.
        await Poll.UntilAsync(() => _batcher.PartitionsHeld == 0, TimeSpan.FromSeconds(10), "the idle queues to leave the map");
        Assert.Equal(10, (await RowsOf("campaign-7")).Count);

        // Again on a partition whose queue retired: a fresh queue, the row lands, the existing one answers null.
        Assert.NotNull(await _batcher.InsertAsync(Row("campaign-7", "row-again"), CancellationToken.None));
        Assert.Null(await _batcher.InsertAsync(Row("campaign-7", "row-7"), CancellationToken.None));
        await Poll.UntilAsync(() => _batcher.PartitionsHeld == 0, TimeSpan.FromSeconds(10), "the queue to leave the map again");
    }

    [Fact]
    public async Task A_burst_of_distinct_rows_lands_whole_in_fewer_requests_each_with_the_etag_of_its_row()
    {
        const int burst = 400;
        using var start = new ManualResetEventSlim();
        var inserts = Enumerable.Range(0, burst).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return (Row: $"r{i:D4}", ETag: await _batcher.InsertAsync(Row("burst", $"r{i:D4}"), CancellationToken.None));
        })).ToList();
        start.Set();
        var outcomes = await Task.WhenAll(inserts);

        var stored = (await RowsOf("burst")).ToDictionary(e => e.RowKey, e => e.ETag.ToString());
        Assert.Equal(burst, stored.Count);
        Assert.All(outcomes, o => Assert.Equal(stored[o.Row], o.ETag));
        Assert.True(_requests.Transactions > 0, "inserts that met were sent together");
        Assert.True(_requests.Writes < burst, $"{_requests.Writes} requests for {burst} inserts");
    }

    [Fact]
    public async Task Identical_inserts_in_a_burst_give_one_etag_and_the_rest_null()
    {
        // 30 rows, each sent by 12 racers at once: a transaction may not name a row twice, and the twins must see the row.
        const int rows = 30, racers = 12;
        using var start = new ManualResetEventSlim();
        var inserts = Enumerable.Range(0, rows * racers).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return (Row: $"r{i % rows:D2}", ETag: await _batcher.InsertAsync(Row("twins", $"r{i % rows:D2}"), CancellationToken.None));
        })).ToList();
        start.Set();
        var outcomes = await Task.WhenAll(inserts);

        var stored = (await RowsOf("twins")).ToDictionary(e => e.RowKey, e => e.ETag.ToString());
        Assert.Equal(rows, stored.Count);
        foreach (var row in outcomes.GroupBy(o => o.Row))
        {
            var winner = Assert.Single(row, o => o.ETag is not null);
            Assert.Equal(stored[row.Key], winner.ETag);
        }
    }

    [Fact]
    public async Task A_row_that_exists_answers_null_and_the_others_of_its_transaction_still_land()
    {
        await _table.AddEntityAsync(Row("mixed", "r0005"));
        await _table.AddEntityAsync(Row("mixed", "r0017"));
        _requests.Reset();
        using var start = new ManualResetEventSlim();
        var inserts = Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return (Row: $"r{i:D4}", ETag: await _batcher.InsertAsync(Row("mixed", $"r{i:D4}"), CancellationToken.None));
        })).ToList();
        start.Set();
        var outcomes = await Task.WhenAll(inserts);

        Assert.Equal(["r0005", "r0017"], outcomes.Where(o => o.ETag is null).Select(o => o.Row).Order());
        Assert.Equal(40, (await RowsOf("mixed")).Count);
    }

    [Fact]
    public async Task A_caller_that_has_stopped_waiting_writes_nothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _batcher.InsertAsync(Row("gone", "r1"), cancelled.Token));

        Assert.Empty(await RowsOf("gone"));
        Assert.Equal(0, _requests.Writes);
    }

    [Fact]
    public async Task Partitions_do_not_wait_for_each_other_and_keep_their_rows_apart()
    {
        using var start = new ManualResetEventSlim();
        var inserts = Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await _batcher.InsertAsync(Row($"part{i % 4}", $"r{i:D3}"), CancellationToken.None);
        })).ToList();
        start.Set();
        var outcomes = await Task.WhenAll(inserts);

        Assert.All(outcomes, Assert.NotNull);
        for (var p = 0; p < 4; p++) Assert.Equal(50, (await RowsOf($"part{p}")).Count);
    }
}

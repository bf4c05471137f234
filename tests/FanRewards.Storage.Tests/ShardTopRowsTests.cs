using Azure.Data.Tables;
using FanRewards.Core.Draws;

namespace FanRewards.Storage.Tests;

/// <summary>
/// A shard's best k + m packed into a few rows: back exactly as stored (every score's bits, entrants with any
/// characters or none), across property and row boundaries, and rows of the older one-row-per-entry form still read.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ShardTopRowsTests(AzuriteFixture azurite)
{
    private static List<ScoredEntry> Entries(int count) => Enumerable.Range(0, count).Select(i => new ScoredEntry(
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i))), 1 + i % 1000,
        Math.Log((i + 0.5) / (count + 1.0)) / (1 + i % 1000))
    {
        EntrantId = (i % 4) switch { 0 => null, 1 => $"wx-{i},with,commas", 2 => $"张三\n{i}", _ => new string('x', 200) + i },
    }).ToList();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(400)]
    [InlineData(20_000)] // about 2.5 MiB: several 64 KiB properties and more than one row
    public void Entries_come_back_exactly_in_order(int count)
    {
        var top = Entries(count);
        var rows = ShardTopRows.Encode(top);

        Assert.All(rows, row => Assert.InRange(row.Count, 1, ShardTopRows.PropertiesPerRow));
        Assert.All(rows.SelectMany(r => r), part => Assert.InRange(part.Length, 1, 64 * 1024));
        if (count == 400) Assert.Single(rows);
        if (count == 20_000) Assert.True(rows.Count > 1);
        var back = ShardTopRows.Decode(rows.SelectMany(r => r));
        Assert.Equal(top, back);
        Assert.Equal(top.Select(t => t.EntrantId), back.Select(t => t.EntrantId));
        Assert.Equal(top.Select(t => BitConverter.DoubleToInt64Bits(t.Score)), back.Select(t => BitConverter.DoubleToInt64Bits(t.Score)));
    }

    [Fact]
    public async Task A_completed_shard_lists_its_best_entries_as_found_in_one_write()
    {
        var counter = new StorageRequestCounter();
        var options = new TableClientOptions();
        options.AddPolicy(counter, Azure.Core.HttpPipelinePosition.PerCall);
        var tables = new StorageTables(new TableServiceClient(azurite.ConnectionString, options), StorageNames.Unique("t"));
        await tables.EnsureCreatedAsync(CancellationToken.None);
        var store = new TableDrawStore(tables);
        var top = Entries(400);

        counter.Reset();
        await store.CompleteShardAsync("c", "evening", "run1", 3, new ShardResult(5, 123_456, top), DrawPhase.Seal, CancellationToken.None);
        Assert.Equal(2, counter.Writes); // the packed row, then the done marker

        var listed = await store.ListShardResultsAsync("c", "evening", 16, includeTop: true, DrawPhase.Seal, CancellationToken.None);
        var shard = Assert.Single(listed);
        Assert.Equal(5, shard.Bucket);
        Assert.Equal(123_456, shard.Eligible);
        Assert.Equal(top, shard.Top);
        Assert.Equal(top.Select(t => t.EntrantId), shard.Top.Select(t => t.EntrantId));
    }

    [Fact]
    public async Task Rows_of_the_older_one_row_per_entry_form_are_still_read()
    {
        var tables = new StorageTables(new TableServiceClient(azurite.ConnectionString), StorageNames.Unique("t"));
        await tables.EnsureCreatedAsync(CancellationToken.None);
        var store = new TableDrawStore(tables);
        var top = Entries(3);
        const string partition = "c:evening:002";
        for (var i = 0; i < top.Count; i++)
        {
            var row = new TableEntity(partition, $"top:old:{i:D6}")
            {
                ["Pseudonym"] = top[i].Pseudonym, ["Weight"] = top[i].Weight, ["ScoreBits"] = BitConverter.DoubleToInt64Bits(top[i].Score),
            };
            if (top[i].EntrantId is not null) row["EntrantId"] = top[i].EntrantId;
            await tables.DrawShards.AddEntityAsync(row);
        }
        await tables.DrawShards.AddEntityAsync(new TableEntity(partition, "done") { ["RunId"] = "old", ["Chunks"] = 0, ["Eligible"] = 3L, ["TopCount"] = 3 });

        var shard = Assert.Single(await store.ListShardResultsAsync("c", "evening", 16, includeTop: true, DrawPhase.Seal, CancellationToken.None));
        Assert.Equal(top, shard.Top);
        Assert.Equal(top.Select(t => t.EntrantId), shard.Top.Select(t => t.EntrantId));
    }
}

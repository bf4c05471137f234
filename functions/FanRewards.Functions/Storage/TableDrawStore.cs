using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using FanRewards.Core.Draws;
using FanRewards.Core.Json;

namespace FanRewards.Functions.Storage;

/// <summary>Draws in Table Storage (see <see cref="StorageTables"/> for the four tables and their keys).</summary>
public sealed class TableDrawStore(StorageTables tables) : IDrawStore
{
    private static string ShardPartition(string campaignId, string drawId, int bucket) => $"{campaignId}:{drawId}:{bucket:D3}";

    public async Task<IReadOnlyDictionary<string, string>> EnsureDrawsAsync(IReadOnlyList<DrawRecord> draws, CancellationToken ct)
    {
        var commitments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var draw in draws)
        {
            try
            {
                await tables.Draws.AddEntityAsync(ToEntity(draw), ct);
                commitments[draw.DrawId] = draw.Commitment;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Left by a publish that did not finish: keep its seed, take the schedule as it is now.
                var existing = (await FindAsync(draw.CampaignId, draw.DrawId, ct))!;
                if (existing.State == DrawState.Scheduled && existing.At != draw.At)
                    await tables.Draws.UpdateEntityAsync(ToEntity(existing with { At = draw.At }), new ETag(existing.ETag!), TableUpdateMode.Replace, ct);
                commitments[draw.DrawId] = existing.Commitment;
            }
        }
        return commitments;
    }

    public async Task<DrawRecord?> FindAsync(string campaignId, string drawId, CancellationToken ct)
    {
        var row = await tables.Draws.GetEntityIfExistsAsync<TableEntity>(campaignId, drawId, cancellationToken: ct);
        return row.HasValue ? ToRecord(row.Value!) : null;
    }

    public async Task<IReadOnlyList<DrawRecord>> ListAsync(string campaignId, CancellationToken ct) =>
        await QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {campaignId}"), ct);

    public async Task<IReadOnlyList<DrawRecord>> ListUnfinishedAsync(CancellationToken ct) =>
        await QueryAsync(TableClient.CreateQueryFilter($"State ne {nameof(DrawState.Drawn)}"), ct);

    public async Task<bool> TryReplaceAsync(DrawRecord draw, CancellationToken ct)
    {
        try
        {
            await tables.Draws.UpdateEntityAsync(ToEntity(draw), new ETag(draw.ETag!), TableUpdateMode.Replace, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    public Task WriteShardEntriesAsync(string campaignId, string drawId, int bucket, string runId, IReadOnlyList<DrawEntry> entries,
        CancellationToken ct)
    {
        var partition = ShardPartition(campaignId, drawId, bucket);
        return StorageTables.SubmitInBatchesAsync(tables.DrawEntries, entries.Select(e => new TableTransactionAction(
            TableTransactionActionType.UpsertReplace,
            new TableEntity(partition, e.Pseudonym) { ["Weight"] = e.Weight, ["EntrantId"] = e.EntrantId, ["RunId"] = runId })), ct);
    }

    public async Task CompleteShardAsync(string campaignId, string drawId, string runId, ShardResult result, CancellationToken ct)
    {
        var partition = ShardPartition(campaignId, drawId, result.Bucket);
        // An earlier run of this shard that died may have written entries this run did not find eligible: they go.
        var stale = new List<TableTransactionAction>();
        await foreach (var row in tables.DrawEntries.QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RunId ne {runId}"),
                           select: ["PartitionKey", "RowKey"], cancellationToken: ct))
        {
            stale.Add(new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All));
            if (stale.Count == 100)
            {
                await tables.DrawEntries.SubmitTransactionAsync(stale, ct);
                stale.Clear();
            }
        }
        await StorageTables.SubmitInBatchesAsync(tables.DrawEntries, stale, ct);

        var tops = result.Top.Select((entry, i) => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
            new TableEntity(partition, $"top:{i:D6}")
            {
                ["Pseudonym"] = entry.Pseudonym, ["Weight"] = entry.Weight, ["ScoreBits"] = BitConverter.DoubleToInt64Bits(entry.Score),
            }));
        await StorageTables.SubmitInBatchesAsync(tables.DrawShards, tops, ct);
        // The done marker goes last: a shard counts only once everything it found is stored.
        await tables.DrawShards.UpsertEntityAsync(new TableEntity(partition, "done")
        {
            ["Eligible"] = result.Eligible, ["TopCount"] = result.Top.Count,
        }, TableUpdateMode.Replace, ct);
    }

    public async Task<IReadOnlyList<ShardResult>> ListShardResultsAsync(string campaignId, string drawId, int shards, bool includeTop,
        CancellationToken ct)
    {
        var reads = Enumerable.Range(0, shards).Select(async bucket =>
        {
            var partition = ShardPartition(campaignId, drawId, bucket);
            var done = await tables.DrawShards.GetEntityIfExistsAsync<TableEntity>(partition, "done", cancellationToken: ct);
            if (!done.HasValue) return null;
            var top = new List<ScoredEntry>();
            if (includeTop)
            {
                var count = done.Value!.GetInt32("TopCount") ?? 0;
                var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {"top:"} and RowKey lt {"top;"}");
                await foreach (var row in tables.DrawShards.QueryAsync<TableEntity>(filter, cancellationToken: ct))
                    if (top.Count < count)
                        top.Add(new ScoredEntry(row.GetString("Pseudonym"), row.GetInt32("Weight")!.Value,
                            BitConverter.Int64BitsToDouble(row.GetInt64("ScoreBits")!.Value)));
            }
            return new ShardResult(bucket, done.Value!.GetInt64("Eligible") ?? 0, top);
        });
        return (await Task.WhenAll(reads)).OfType<ShardResult>().ToList();
    }

    public async IAsyncEnumerable<DrawEntry> ReadEntrySetAsync(string campaignId, string drawId, int shards,
        [EnumeratorCancellation] CancellationToken ct)
    {
        // Each shard's partition comes back in pseudonym order; a k-way merge gives the whole set in order while
        // holding one page per shard, however large the set.
        var cursors = new List<IAsyncEnumerator<TableEntity>>();
        var heads = new PriorityQueue<int, string>(StringComparer.Ordinal);
        try
        {
            for (var bucket = 0; bucket < shards; bucket++)
            {
                var cursor = tables.DrawEntries.QueryAsync<TableEntity>(
                    TableClient.CreateQueryFilter($"PartitionKey eq {ShardPartition(campaignId, drawId, bucket)}"),
                    select: ["RowKey", "Weight"], cancellationToken: ct).GetAsyncEnumerator(ct);
                cursors.Add(cursor);
                if (await cursor.MoveNextAsync()) heads.Enqueue(bucket, cursor.Current.RowKey);
            }
            while (heads.TryDequeue(out var next, out _))
            {
                var row = cursors[next].Current;
                yield return new DrawEntry(row.RowKey, row.GetInt32("Weight")!.Value);
                if (await cursors[next].MoveNextAsync()) heads.Enqueue(next, cursors[next].Current.RowKey);
            }
        }
        finally
        {
            foreach (var cursor in cursors) await cursor.DisposeAsync();
        }
    }

    public async Task<DrawEntryPage> ReadEntryPageAsync(string campaignId, string drawId, int shards, string? after, int limit,
        CancellationToken ct)
    {
        var reads = Enumerable.Range(0, shards).Select(async bucket =>
        {
            var partition = ShardPartition(campaignId, drawId, bucket);
            var filter = after is null
                ? TableClient.CreateQueryFilter($"PartitionKey eq {partition}")
                : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {after}");
            var found = new List<DrawEntry>();
            await foreach (var row in tables.DrawEntries.QueryAsync<TableEntity>(filter, maxPerPage: limit, select: ["RowKey", "Weight"],
                               cancellationToken: ct))
            {
                found.Add(new DrawEntry(row.RowKey, row.GetInt32("Weight")!.Value));
                if (found.Count == limit) break;
            }
            return found;
        });
        var merged = (await Task.WhenAll(reads)).SelectMany(f => f).OrderBy(e => e.Pseudonym, StringComparer.Ordinal).ToList();
        var page = merged.Take(limit).ToList();
        return new DrawEntryPage(page, merged.Count > limit || (page.Count == limit && page.Count > 0) ? page[^1].Pseudonym : null);
    }

    public async Task<DrawEntry?> FindEntryAsync(string campaignId, string drawId, int bucket, string pseudonym, CancellationToken ct)
    {
        var row = await tables.DrawEntries.GetEntityIfExistsAsync<TableEntity>(ShardPartition(campaignId, drawId, bucket), pseudonym,
            cancellationToken: ct);
        return row.HasValue ? new DrawEntry(pseudonym, row.Value!.GetInt32("Weight")!.Value) { EntrantId = row.Value.GetString("EntrantId") } : null;
    }

    public async Task SaveRankingAsync(string campaignId, string drawId, IReadOnlyList<RankedEntry> ranking, CancellationToken ct)
    {
        var partition = $"{campaignId}:{drawId}";
        var rows = ranking.Select(r =>
        {
            var entity = new TableEntity(partition, $"{r.Rank:D6}")
            {
                ["Pseudonym"] = r.Pseudonym, ["Weight"] = r.Weight, ["ScoreBits"] = BitConverter.DoubleToInt64Bits(r.Score),
            };
            if (r.PrizeId is not null) entity["PrizeId"] = r.PrizeId;
            return new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity);
        });
        await StorageTables.SubmitInBatchesAsync(tables.DrawResults, rows, ct);
    }

    public async Task<IReadOnlyList<RankedEntry>> ReadRankingAsync(string campaignId, string drawId, CancellationToken ct)
    {
        var result = new List<RankedEntry>();
        await foreach (var row in tables.DrawResults.QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey eq {campaignId + ":" + drawId}"), cancellationToken: ct))
            result.Add(new RankedEntry(int.Parse(row.RowKey), row.GetString("Pseudonym"), row.GetInt32("Weight")!.Value,
                BitConverter.Int64BitsToDouble(row.GetInt64("ScoreBits")!.Value), row.GetString("PrizeId")));
        return result;
    }

    private async Task<IReadOnlyList<DrawRecord>> QueryAsync(string filter, CancellationToken ct)
    {
        var result = new List<DrawRecord>();
        await foreach (var row in tables.Draws.QueryAsync<TableEntity>(filter, cancellationToken: ct)) result.Add(ToRecord(row));
        return result;
    }

    private static TableEntity ToEntity(DrawRecord d)
    {
        var entity = new TableEntity(d.CampaignId, d.DrawId)
        {
            ["At"] = d.At, ["State"] = d.State.ToString(), ["Seed"] = d.Seed, ["Commitment"] = d.Commitment, ["Shards"] = d.Shards,
        };
        if (d.StartedAt is { } started) entity["StartedAt"] = started;
        if (d.StartedBy is not null) entity["StartedBy"] = d.StartedBy;
        if (d.EntrySetDigest is not null) entity["EntrySetDigest"] = d.EntrySetDigest;
        if (d.EntryCount is { } count) entity["EntryCount"] = count;
        if (d.Tiers is not null) entity["Tiers"] = JsonSerializer.Serialize(d.Tiers, FanRewardsJson.Options);
        if (d.Alternates is { } alternates) entity["Alternates"] = alternates;
        if (d.DrawnAt is { } drawn) entity["DrawnAt"] = drawn;
        return entity;
    }

    private static DrawRecord ToRecord(TableEntity e) => new()
    {
        CampaignId = e.PartitionKey,
        DrawId = e.RowKey,
        At = e.GetDateTimeOffset("At")!.Value,
        State = Enum.Parse<DrawState>(e.GetString("State")),
        Seed = e.GetBinary("Seed"),
        Commitment = e.GetString("Commitment"),
        Shards = e.GetInt32("Shards")!.Value,
        StartedAt = e.GetDateTimeOffset("StartedAt"),
        StartedBy = e.GetString("StartedBy"),
        EntrySetDigest = e.GetString("EntrySetDigest"),
        EntryCount = e.GetInt64("EntryCount"),
        Tiers = e.GetString("Tiers") is { } tiers ? JsonSerializer.Deserialize<List<DrawTier>>(tiers, FanRewardsJson.Options) : null,
        Alternates = e.GetInt32("Alternates"),
        DrawnAt = e.GetDateTimeOffset("DrawnAt"),
        ETag = e.ETag.ToString(),
    };
}

using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using FanRewards.Core.Draws;
using FanRewards.Core.Json;

namespace FanRewards.Storage;

/// <summary>Draws in Table Storage (see <see cref="StorageTables"/> for the four tables and their keys).</summary>
public sealed partial class TableDrawStore(StorageTables tables) : IDrawStore
{
    private static string ShardPartition(string campaignId, string drawId, int bucket) => $"{campaignId}:{drawId}:{bucket:D3}";

    /// <summary>Where a shard's results of a phase go: the seal's beside its chunks, the scoring's in a partition of its own.</summary>
    private static string ResultPartition(string campaignId, string drawId, int bucket, DrawPhase phase) =>
        phase == DrawPhase.Score ? $"{campaignId}:{drawId}:{bucket:D3}:score" : ShardPartition(campaignId, drawId, bucket);

    public async Task<IReadOnlyDictionary<string, string>> EnsureDrawsAsync(IReadOnlyList<DrawRecord> draws, CancellationToken ct)
    {
        var commitments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var draw in draws)
        {
            var state = draw.State;
            try
            {
                await tables.Draws.AddEntityAsync(ToEntity(draw), ct);
                commitments[draw.DrawId] = draw.Commitment;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Left by a publish that did not finish: keep its seed, take the schedule as it is now.
                var existing = (await FindAsync(draw.CampaignId, draw.DrawId, ct))!;
                if (existing.State == DrawState.Scheduled && (existing.At != draw.At || existing.SealAt != draw.SealAt))
                {
                    await tables.Draws.UpdateEntityAsync(ToEntity(existing with { At = draw.At, SealAt = draw.SealAt }), new ETag(existing.ETag!),
                        TableUpdateMode.Replace, ct);
                }
                commitments[draw.DrawId] = existing.Commitment;
                state = existing.State;
            }
            // After the draw itself: a publish that dies in between is retried and writes it then.
            // Due from the cutoff, where the seal starts.
            if (state != DrawState.Drawn) await MarkDueAsync(draw.CampaignId, draw.DrawId, draw.SealAt ?? draw.At, ct);
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

    public async Task WriteShardChunkAsync(string campaignId, string drawId, int bucket, string runId, int chunk,
        IReadOnlyList<DrawEntry> sorted, bool keepEntrants, CancellationToken ct)
    {
        // The entrants behind the chunk, in its order, in a row of their own that the public reads never touch: a draw with
        // witnesses scores the sealed chunks later and needs them for its winners' awards.
        if (keepEntrants) await WriteChunkEntrantsAsync(ShardPartition(campaignId, drawId, bucket), runId, chunk, sorted, ct);
        var entity = new TableEntity(ShardPartition(campaignId, drawId, bucket), ChunkKey(runId, chunk))
        {
            ["First"] = sorted[0].Pseudonym, ["Last"] = sorted[^1].Pseudonym, ["Count"] = sorted.Count,
        };
        var lines = EntrySetChunks.Encode(sorted);
        for (var i = 0; i < lines.Count; i++) entity[$"L{i:D2}"] = lines[i];
        await tables.DrawEntries.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct);
    }

    public async Task CompleteShardAsync(string campaignId, string drawId, string runId, int chunks, ShardResult result, DrawPhase phase,
        CancellationToken ct)
    {
        var partition = ResultPartition(campaignId, drawId, result.Bucket, phase);
        // The best k + m packed into as few rows as they fit (one for 400): a row per entry cost the shard four
        // transactions of 100 entities, which dominated small draws on Azurite. Rows of up to ~900 KiB go one by one,
        // as a transaction is limited to 4 MiB.
        var rows = ShardTopRows.Encode(result.Top);
        for (var n = 0; n < rows.Count; n++)
        {
            var row = new TableEntity(partition, $"top:{runId}:{n:D6}");
            for (var i = 0; i < rows[n].Count; i++) row[ShardTopRows.PropertyName(i)] = rows[n][i];
            await tables.DrawShards.UpsertEntityAsync(row, TableUpdateMode.Replace, ct);
        }
        // The done marker goes last and names its run: a shard counts only once everything it found is stored, and
        // what an interrupted earlier run left is never read. Written once: should two runs ever both finish (a worker
        // frozen past its lease), the first stands, so a merge that already read its chunks is never contradicted.
        try
        {
            await tables.DrawShards.AddEntityAsync(new TableEntity(partition, "done")
            {
                ["RunId"] = runId, ["Chunks"] = chunks, ["Eligible"] = result.Eligible, ["TopCount"] = result.Top.Count,
            }, ct);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Done already: by this run (a retried write whose answer was lost) or by another; either is a whole shard.
        }
    }

    public async Task<IReadOnlyList<ShardResult>> ListShardResultsAsync(string campaignId, string drawId, int shards, bool includeTop,
        DrawPhase phase, CancellationToken ct)
    {
        var reads = Enumerable.Range(0, shards).Select(async bucket =>
        {
            var partition = ResultPartition(campaignId, drawId, bucket, phase);
            var done = await tables.DrawShards.GetEntityIfExistsAsync<TableEntity>(partition, "done", cancellationToken: ct);
            if (!done.HasValue) return null;
            var top = new List<ScoredEntry>();
            if (includeTop)
            {
                var prefix = $"top:{done.Value!.GetString("RunId")}:";
                var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + ";"}");
                var packed = new List<byte[]>();
                await foreach (var row in tables.DrawShards.QueryAsync<TableEntity>(filter, cancellationToken: ct))
                {
                    if (row.GetString("Pseudonym") is { } pseudonym)
                    {
                        // A row per entry, as shards stored them before the rows were packed (a draw running across a deploy).
                        top.Add(new ScoredEntry(pseudonym, row.GetInt32("Weight")!.Value,
                            BitConverter.Int64BitsToDouble(row.GetInt64("ScoreBits")!.Value))
                        { EntrantId = row.GetString("EntrantId") });
                    }
                    else
                    {
                        packed.AddRange(Enumerable.Range(0, ShardTopRows.PropertiesPerRow).Select(i => row.GetBinary(ShardTopRows.PropertyName(i)))
                            .TakeWhile(b => b is not null).Select(b => b!));
                    }
                }
                top.AddRange(ShardTopRows.Decode(packed));
            }
            return new ShardResult(bucket, done.Value!.GetInt64("Eligible") ?? 0, top);
        });
        return (await Task.WhenAll(reads)).OfType<ShardResult>().ToList();
    }

    public async IAsyncEnumerable<DrawEntry> ReadEntrySetAsync(string campaignId, string drawId, int shards,
        [EnumeratorCancellation] CancellationToken ct)
    {
        // Each shard's chunks hold its entries in pseudonym order; a k-way merge gives the whole set in order while
        // holding one chunk per shard, however large the set.
        var cursors = new List<IAsyncEnumerator<DrawEntry>>();
        var heads = new PriorityQueue<int, string>(StringComparer.Ordinal);
        try
        {
            for (var bucket = 0; bucket < shards; bucket++)
                cursors.Add(ReadShardAsync(campaignId, drawId, bucket, after: null, keepInCache: false, ct).GetAsyncEnumerator(ct));
            // The shards' first chunks are read at once, not one after the other.
            var started = await Task.WhenAll(cursors.Select(c => c.MoveNextAsync().AsTask()));
            for (var bucket = 0; bucket < shards; bucket++)
                if (started[bucket]) heads.Enqueue(bucket, cursors[bucket].Current.Pseudonym);
            while (heads.TryDequeue(out var next, out _))
            {
                yield return cursors[next].Current;
                if (await cursors[next].MoveNextAsync()) heads.Enqueue(next, cursors[next].Current.Pseudonym);
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
            var found = new List<DrawEntry>(limit);
            await foreach (var entry in ReadShardAsync(campaignId, drawId, bucket, after, keepInCache: true, ct))
            {
                found.Add(entry);
                if (found.Count == limit) break;
            }
            return found;
        });
        var merged = (await Task.WhenAll(reads)).SelectMany(f => f).OrderBy(e => e.Pseudonym, StringComparer.Ordinal).ToList();
        var page = merged.Take(limit).ToList();
        return new DrawEntryPage(page, page.Count == limit ? page[^1].Pseudonym : null);
    }

    public async Task<DrawEntry?> FindEntryAsync(string campaignId, string drawId, int bucket, string pseudonym, CancellationToken ct)
    {
        await foreach (var entry in ReadShardAsync(campaignId, drawId, bucket, after: Before(pseudonym), keepInCache: true, ct))
            return entry.Pseudonym == pseudonym ? entry : null;
        return null;
    }

    /// <summary>A shard's entries in pseudonym order, from the first after <paramref name="after"/>, skipping chunks that end before it.</summary>
    /// <param name="keepInCache">
    /// Pages and lookups keep the shard's chunk bounds and decoded chunks, since the public pages through them again and
    /// again; the merge streams every chunk once and keeps none, so its memory stays one chunk per shard.
    /// </param>
    private async IAsyncEnumerable<DrawEntry> ReadShardAsync(string campaignId, string drawId, int bucket, string? after, bool keepInCache,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var partition = ShardPartition(campaignId, drawId, bucket);
        if (!keepInCache && after is null)
        {
            var done = await tables.DrawShards.GetEntityIfExistsAsync<TableEntity>(partition, "done", cancellationToken: ct);
            if (!done.HasValue) yield break;
            var runId = done.Value!.GetString("RunId");
            var chunks = done.Value.GetInt32("Chunks") ?? 0;
            // The merge's pass over the whole set: the next chunk is read while this one is consumed, so the k-way
            // merge waits on storage once per shard rather than once per chunk. Memory: two chunks per shard.
            var next = chunks > 0 ? ReadChunkAsync(partition, ChunkKey(runId, 0)) : null;
            for (var chunk = 0; chunk < chunks; chunk++)
            {
                var entries = await next!.WaitAsync(ct);
                next = chunk + 1 < chunks ? ReadChunkAsync(partition, ChunkKey(runId, chunk + 1)) : null;
                foreach (var entry in entries) yield return entry;
            }
            yield break;
        }
        IReadOnlyList<ChunkBounds> index;
        if (keepInCache)
        {
            if (await ShardIndexAsync(partition, ct) is not { } known) yield break;
            index = known;
        }
        else
        {
            var done = await tables.DrawShards.GetEntityIfExistsAsync<TableEntity>(partition, "done", cancellationToken: ct);
            if (!done.HasValue) yield break;
            var runId = done.Value!.GetString("RunId");
            index = Enumerable.Range(0, done.Value.GetInt32("Chunks") ?? 0).Select(chunk => new ChunkBounds(ChunkKey(runId, chunk), null)).ToList();
        }
        foreach (var (key, last) in index)
        {
            if (after is not null)
            {
                var bound = last ?? (await tables.DrawEntries.GetEntityAsync<TableEntity>(partition, key, select: ["Last"], cancellationToken: ct))
                    .Value.GetString("Last");
                if (string.CompareOrdinal(bound, after) <= 0) continue;
            }
            var entries = keepInCache
                ? await _chunks.GetOrAdd((partition, key), _ => new Lazy<Task<IReadOnlyList<DrawEntry>>>(() => ReadChunkAsync(partition, key)))
                    .Value.WaitAsync(ct)
                : await ReadChunkAsync(partition, key);
            foreach (var entry in entries)
            {
                if (after is null || string.CompareOrdinal(entry.Pseudonym, after) > 0)
                    yield return entry;
            }
        }
    }

    /// <summary>A chunk's row key and, when known, the last pseudonym in it: a page skips the chunks that end before its start.</summary>
    private sealed record ChunkBounds(string Key, string? Last);

    private const int MaxCachedShardIndexes = 4_096;

    /// <summary>
    /// Each shard's done marker and chunk bounds, read in one query and kept: pages and lookups are only asked for
    /// once the entry set is fixed (its digest stored), after which a shard's run and chunks never change. Without
    /// it every /entries?after= request read the marker and a bound per chunk of every shard.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<ChunkBounds>?>>> _shardIndexes =
        new(StringComparer.Ordinal);

    private async Task<IReadOnlyList<ChunkBounds>?> ShardIndexAsync(string partition, CancellationToken ct)
    {
        var shared = _shardIndexes.GetOrAdd(partition, p => new Lazy<Task<IReadOnlyList<ChunkBounds>?>>(() => ReadShardIndexAsync(p)));
        try
        {
            var index = await shared.Value.WaitAsync(ct);
            // A shard not done (yet) is not kept: a later read finds it done.
            if (index is null) _shardIndexes.TryRemove(new(partition, shared));
            return index;
        }
        catch when (shared.Value.IsFaulted)
        {
            // Nor is a failed read.
            _shardIndexes.TryRemove(new(partition, shared));
            throw;
        }
    }

    private async Task<IReadOnlyList<ChunkBounds>?> ReadShardIndexAsync(string partition)
    {
        if (_shardIndexes.Count > MaxCachedShardIndexes) _shardIndexes.Clear();
        var done = await tables.DrawShards.GetEntityIfExistsAsync<TableEntity>(partition, "done");
        if (!done.HasValue) return null;
        var runId = done.Value!.GetString("RunId");
        var chunks = done.Value.GetInt32("Chunks") ?? 0;
        var prefix = ChunkKey(runId, 0)[..^5];
        var last = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var row in tables.DrawEntries.QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + ";"}"),
                           select: ["RowKey", "Last"]))
        {
            last[row.RowKey] = row.GetString("Last");
        }

        return Enumerable.Range(0, chunks).Select(chunk => ChunkKey(runId, chunk))
            .Select(key => new ChunkBounds(key, last.GetValueOrDefault(key))).ToList();
    }

    private const int MaxCachedChunks = 16;

    /// <summary>Chunks never change once written under a run, so a decoded chunk can be kept; the cache is bounded.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), Lazy<Task<IReadOnlyList<DrawEntry>>>> _chunks = new();

    private async Task<IReadOnlyList<DrawEntry>> ReadChunkAsync(string partition, string key)
    {
        if (_chunks.Count > MaxCachedChunks) _chunks.Clear();
        var row = (await tables.DrawEntries.GetEntityAsync<TableEntity>(partition, key)).Value;
        var parts = Enumerable.Range(0, 100).Select(i => row.GetBinary($"L{i:D2}")).TakeWhile(b => b is not null).ToList();
        return EntrySetChunks.Decode(parts);
    }

    private static string ChunkKey(string runId, int chunk) => $"set:{runId}:{chunk:D5}";

    /// <summary>The string just before <paramref name="pseudonym"/> in ordinal order for hex text: a start for "from it on".</summary>
    private static string Before(string pseudonym) => pseudonym[..^1] + (char)(pseudonym[^1] - 1);

    public async Task<IReadOnlyDictionary<string, string>> ReadRankedEntrantsAsync(string campaignId, string drawId, CancellationToken ct)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var row in tables.DrawResults.QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey eq {campaignId + ":" + drawId}"), select: ["Pseudonym", "EntrantId"],
                           cancellationToken: ct))
        {
            if (row.GetString("EntrantId") is { } entrant) result[row.GetString("Pseudonym")] = entrant;
        }

        return result;
    }

    public async Task SaveRankingAsync(string campaignId, string drawId, IReadOnlyList<RankedEntry> ranking,
        IReadOnlyDictionary<string, string> entrants, CancellationToken ct)
    {
        var partition = $"{campaignId}:{drawId}";
        var rows = ranking.Select(r =>
        {
            var entity = new TableEntity(partition, $"{r.Rank:D6}")
            {
                ["Pseudonym"] = r.Pseudonym, ["Weight"] = r.Weight, ["ScoreBits"] = BitConverter.DoubleToInt64Bits(r.Score),
            };
            if (r.PrizeId is not null) entity["PrizeId"] = r.PrizeId;
            if (entrants.GetValueOrDefault(r.Pseudonym) is { } entrant) entity["EntrantId"] = entrant;
            return new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity);
        });
        await StorageTables.SubmitInBatchesAsync(tables.DrawResults, rows, ct);
    }

    public async Task<IReadOnlyList<RankedEntry>> ReadRankingAsync(string campaignId, string drawId, CancellationToken ct)
    {
        var result = new List<RankedEntry>();
        await foreach (var row in tables.DrawResults.QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey eq {campaignId + ":" + drawId}"), cancellationToken: ct))
        {
            result.Add(new RankedEntry(int.Parse(row.RowKey, CultureInfo.InvariantCulture), row.GetString("Pseudonym"), row.GetInt32("Weight")!.Value,
                BitConverter.Int64BitsToDouble(row.GetInt64("ScoreBits")!.Value), row.GetString("PrizeId")));
        }

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
        if (d.SealAt is { } sealAt) entity["SealAt"] = sealAt;
        if (d.SealedAt is { } sealedAt) entity["SealedAt"] = sealedAt;
        if (d.RevealBy is { } revealBy) entity["RevealBy"] = revealBy;
        if (d.HasWitnesses) entity["Witnesses"] = JsonSerializer.Serialize(d.Witnesses, FanRewardsJson.Options);
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
        SealAt = e.GetDateTimeOffset("SealAt"),
        SealedAt = e.GetDateTimeOffset("SealedAt"),
        RevealBy = e.GetDateTimeOffset("RevealBy"),
        Witnesses = e.GetString("Witnesses") is { } witnesses ? JsonSerializer.Deserialize<List<DrawWitness>>(witnesses, FanRewardsJson.Options) ?? [] : [],
        ETag = e.ETag.ToString(),
    };
}

using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using FanRewards.Core.Retention;

namespace FanRewards.Storage;

/// <summary>
/// Erases a campaign's entrants' personal data where it sits in the tables. Every change is a replace under the row's
/// ETag that skips rows already erased, so a second run (redelivery, a crash half-way, two sweeps at once) finishes what
/// is left and changes nothing else; a row changed meanwhile is read again and erased then.
/// </summary>
public sealed class TablePersonalDataStore(StorageTables tables) : IPersonalDataStore
{
    private const int Attempts = 5;
    private const string EntrantId = "EntrantId";

    private static string RetentionPartition(string campaignId) => $"{campaignId}:retention";

    public async Task<DateTimeOffset?> FindErasedAsync(string campaignId, CancellationToken ct)
    {
        var row = await tables.CampaignState.GetEntityIfExistsAsync<TableEntity>(RetentionPartition(campaignId), "erased", cancellationToken: ct);
        return row.HasValue ? row.Value!.GetDateTimeOffset("At") : null;
    }

    public Task MarkErasedAsync(string campaignId, DateTimeOffset at, CancellationToken ct) =>
        tables.CampaignState.UpsertEntityAsync(new TableEntity(RetentionPartition(campaignId), "erased") { ["At"] = at }, TableUpdateMode.Replace, ct);

    public async Task<int> EraseEntriesAsync(string campaignId, int buckets, CancellationToken ct)
    {
        var counts = await Task.WhenAll(Enumerable.Range(0, buckets).Select(bucket => ScrubAsync(tables.Entries,
            TableClient.CreateQueryFilter($"PartitionKey eq {TableEntryStore.PartitionOf(campaignId, bucket)}"),
            row => EraseId(row) | row.Remove("Text") | row.Remove("Fields")
                   | row.Remove(TableEntryStore.NetworkColumn) | row.Remove(TableEntryStore.AgentColumn), ct)));
        return counts.Sum();
    }

    /// <summary>Where a shard keeps its best k+m: beside the sealed chunks, and for a witnessed draw's scoring under ":score".</summary>
    private static readonly string[] ShardTopPhases = ["", ":score"];

    public async Task<int> EraseDrawAsync(string campaignId, string drawId, int shards, CancellationToken ct)
    {
        var ranked = await ScrubAsync(tables.DrawResults, TableClient.CreateQueryFilter($"PartitionKey eq {campaignId + ":" + drawId}"),
            row => row.Remove(EntrantId), ct);
        // The seal's best k+m sit beside its chunks; a witnessed draw's scoring keeps its own in a ":score" partition.
        var tops = await Task.WhenAll(Enumerable.Range(0, shards).SelectMany(bucket => ShardTopPhases
            .Select(phase => EraseShardTopAsync($"{campaignId}:{drawId}:{bucket:D3}{phase}", ct))));
        var sealedIds = await Task.WhenAll(Enumerable.Range(0, shards).Select(bucket => EraseSealedEntrantsAsync($"{campaignId}:{drawId}:{bucket:D3}", ct)));
        return ranked + tops.Sum() + sealedIds.Sum();
    }

    /// <summary>
    /// A draw with witnesses keeps the entrants behind each sealed chunk in "ids:" rows beside it (its scoring reads the
    /// sealed set, not Entries): deleted whole, as nothing public reads them.
    /// </summary>
    private async Task<int> EraseSealedEntrantsAsync(string partition, CancellationToken ct)
    {
        var deleted = 0;
        await foreach (var row in tables.DrawEntries.QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {"ids:"} and RowKey lt {"ids;"}"),
                           select: ["PartitionKey", "RowKey"], cancellationToken: ct))
        {
            await DeleteAsync(tables.DrawEntries, row, ct);
            deleted++;
        }
        return deleted;
    }

    public async Task<int> EraseDisqualificationsAsync(string campaignId, CancellationToken ct)
    {
        var partition = $"{campaignId}:disqualified";
        var changed = 0;
        await foreach (var row in tables.CampaignState.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: ct))
        {
            if (row.RowKey.StartsWith(TableDisqualificationStore.ErasedPrefix, StringComparison.Ordinal)) continue;
            // Insert-or-replace of the pseudonym's row, then the id's row goes: a crash between leaves the id's row,
            // which the next run re-keys again to the same row.
            var kept = new TableEntity(partition, TableDisqualificationStore.ErasedPrefix + row.GetString("Pseudonym"));
            foreach (var (name, value) in row) if (name is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")) kept[name] = value;
            await tables.CampaignState.UpsertEntityAsync(kept, TableUpdateMode.Replace, ct);
            await DeleteAsync(tables.CampaignState, row, ct);
            changed++;
        }
        return changed;
    }

    public Task<int> EraseFraudSignalsAsync(string campaignId, CancellationToken ct) => new TableSignalAggregateStore(tables).EraseAsync(campaignId, ct);

    public Task<int> EraseAwardsAsync(string campaignId, CancellationToken ct) =>
        ScrubAsync(tables.Awards, TableClient.CreateQueryFilter($"PartitionKey eq {campaignId}"), row =>
            row.RowKey.StartsWith("award:", StringComparison.Ordinal) ? EraseId(row)
            : row.RowKey.StartsWith("outbox:", StringComparison.Ordinal) && ErasePayload(row), ct);

    public async Task<int> EraseSeatsAsync(string campaignId, IEnumerable<string> activityIds, CancellationToken ct)
    {
        var changed = 0;
        foreach (var activityId in activityIds)
        {
            var partition = $"{campaignId}:seats:{activityId}";
            await foreach (var row in tables.CampaignState.QueryAsync<TableEntity>(
                               TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {"holder:"} and RowKey lt {"holder;"}"), cancellationToken: ct))
            {
                await DeleteAsync(tables.CampaignState, row, ct);
                changed++;
            }
            changed += await ScrubAsync(tables.CampaignState, TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), row => row.Remove(EntrantId), ct);
        }
        return changed;
    }

    /// <summary>A shard's best rows re-packed without entrant ids, run by run (an interrupted run's rows too).</summary>
    private async Task<int> EraseShardTopAsync(string partition, CancellationToken ct)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in tables.DrawShards.QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {"top:"} and RowKey lt {"top;"}"), cancellationToken: ct))
        {
            rows.Add(row);
        }
        var changed = 0;
        foreach (var run in rows.GroupBy(r => r.RowKey[..r.RowKey.LastIndexOf(':')]))
        {
            var runRows = run.OrderBy(r => r.RowKey, StringComparer.Ordinal).ToList();
            // Rows from before the packing hold one entry each, with its entrant id as a property.
            foreach (var single in runRows.Where(r => r.ContainsKey("Pseudonym") && r.Remove(EntrantId)))
            {
                await tables.DrawShards.UpdateEntityAsync(single, ETag.All, TableUpdateMode.Replace, ct);
                changed++;
            }
            var packed = runRows.Where(r => !r.ContainsKey("Pseudonym")).ToList();
            var parts = packed.SelectMany(r => Enumerable.Range(0, ShardTopRows.PropertiesPerRow)
                .Select(i => r.GetBinary(ShardTopRows.PropertyName(i))).TakeWhile(b => b is not null).Select(b => b!)).ToList();
            var top = ShardTopRows.Decode(parts);
            if (!top.Any(e => e.EntrantId is not null)) continue;
            // Same rows, same order, without the ids: never fewer bytes lost than written, as the packing is deterministic.
            var repacked = ShardTopRows.Encode(top.Select(e => e with { EntrantId = null }).ToList());
            for (var n = 0; n < packed.Count; n++)
            {
                var row = new TableEntity(partition, packed[n].RowKey);
                if (n < repacked.Count) for (var i = 0; i < repacked[n].Count; i++) row[ShardTopRows.PropertyName(i)] = repacked[n][i];
                await tables.DrawShards.UpsertEntityAsync(row, TableUpdateMode.Replace, ct);
            }
            changed += packed.Count;
        }
        return changed;
    }

    private static bool EraseId(TableEntity row)
    {
        if (row.GetString(EntrantId) is not { Length: > 0 }) return false;
        row[EntrantId] = IPersonalDataStore.Erased;
        return true;
    }

    /// <summary>An event's data without the entrant ids it carried ("entrantId", "toEntrantId", at any depth).</summary>
    private static bool ErasePayload(TableEntity row)
    {
        if (row.GetString("Data") is not { Length: > 0 } data || JsonNode.Parse(data) is not { } json || !RemoveIds(json)) return false;
        row["Data"] = json.ToJsonString();
        return true;
    }

    private static bool RemoveIds(JsonNode? node)
    {
        var removed = false;
        if (node is JsonObject json)
        {
            removed = json.Remove("entrantId") | json.Remove("toEntrantId");
            foreach (var (_, child) in json) removed |= RemoveIds(child);
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array) removed |= RemoveIds(child);
        }
        return removed;
    }

    /// <summary>Every row of the filter that <paramref name="erase"/> changes is replaced under its ETag; a row changed meanwhile is read again.</summary>
    private static async Task<int> ScrubAsync(TableClient table, string filter, Func<TableEntity, bool> erase, CancellationToken ct)
    {
        var changed = 0;
        await foreach (var found in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            var row = found;
            for (var attempt = 0; attempt < Attempts && erase(row); attempt++)
            {
                try
                {
                    await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, ct);
                    changed++;
                    break;
                }
                catch (RequestFailedException e) when (e.Status == 412)
                {
                    var fresh = await table.GetEntityIfExistsAsync<TableEntity>(row.PartitionKey, row.RowKey, cancellationToken: ct);
                    if (!fresh.HasValue) break;
                    row = fresh.Value!;
                }
            }
        }
        return changed;
    }

    private static async Task DeleteAsync(TableClient table, TableEntity row, CancellationToken ct)
    {
        try
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, ct);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Gone already: another sweep erased it first.
        }
    }
}

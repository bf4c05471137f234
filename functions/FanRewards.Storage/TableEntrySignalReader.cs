using Azure.Data.Tables;
using FanRewards.Core.Entries;
using FanRewards.Core.Fraud;

namespace FanRewards.Storage;

/// <summary>
/// Fraud review's read of a campaign's entries: each bucket partition once, in parallel, with only the columns the
/// review uses (no sign-up fields, no weights or seats). At 10 M entries that is 10 M rows of about 150 bytes in pages
/// of 1,000 (docs/SCALE.md, "Fraud review").
/// </summary>
public sealed class TableEntrySignalReader(StorageTables tables) : IEntrySignalReader
{
    private static readonly string[] Columns =
    [
        "PartitionKey", "RowKey", "Timestamp", "ActivityId", "Kind", "EntrantId", "Pseudonym", "AcceptedAt", "Day", "CandidateId", "Text", "Progress",
        TableEntryStore.NetworkColumn, TableEntryStore.AgentColumn,
    ];

    public async IAsyncEnumerable<EntryRecord> ReadCampaignAsync(string campaignId, int buckets,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var shards = Enumerable.Range(0, buckets).Select(async bucket =>
        {
            var found = new List<EntryRecord>();
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableEntryStore.PartitionOf(campaignId, bucket)}");
            await foreach (var row in tables.Entries.QueryAsync<TableEntity>(filter, select: Columns, cancellationToken: ct))
                found.Add(TableEntryStore.ToRecord(campaignId, bucket, row));
            return found;
        }).ToList();
        foreach (var shard in shards)
        {
            foreach (var entry in await shard)
                yield return entry;
        }
    }
}

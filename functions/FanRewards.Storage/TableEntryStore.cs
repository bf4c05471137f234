using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Entries;
using FanRewards.Core.Json;

namespace FanRewards.Storage;

/// <summary>Entries in Table Storage: PartitionKey "{campaignId}:{bucket}", RowKey "{activityId}:{pseudonym}[:…]".</summary>
public sealed class TableEntryStore(StorageTables tables) : IEntryStore
{
    /// <summary>The fraud-review signals' columns (keyed hashes), erased with the entry's other personal data.</summary>
    public const string NetworkColumn = "Net", AgentColumn = "Agent";

    /// <summary>New entries arrive by the thousand in a burst: those that meet in a bucket leave in one transaction.</summary>
    private readonly PartitionInsertBatcher _inserts = new(tables.Entries);

    public static string PartitionOf(string campaignId, int bucket) => $"{campaignId}:{bucket:D3}";

    public async Task<EntryRecord?> FindAsync(string campaignId, int bucket, string rowKey, CancellationToken ct)
    {
        var row = await tables.Entries.GetEntityIfExistsAsync<TableEntity>(PartitionOf(campaignId, bucket), rowKey, cancellationToken: ct);
        return row.HasValue ? ToRecord(campaignId, bucket, row.Value!) : null;
    }

    public Task<string?> TryInsertAsync(EntryRecord entry, CancellationToken ct) => _inserts.InsertAsync(ToEntity(entry), ct);

    public async Task<string?> TryReplaceAsync(EntryRecord entry, CancellationToken ct)
    {
        try
        {
            var response = await tables.Entries.UpdateEntityAsync(ToEntity(entry), new ETag(entry.ETag!), TableUpdateMode.Replace, ct);
            return response.Headers.ETag?.ToString();
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return null;
        }
    }

    public async IAsyncEnumerable<EntryRecord> ScanBucketAsync(string campaignId, int bucket, string activityId,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {PartitionOf(campaignId, bucket)} and RowKey ge {activityId + ":"} and RowKey lt {activityId + ";"}");
        await foreach (var row in tables.Entries.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            yield return ToRecord(campaignId, bucket, row);
    }

    public async IAsyncEnumerable<EntryRecord> ScanActivityAsync(string campaignId, int buckets, string activityId, EntryStatus? status,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var shards = Enumerable.Range(0, buckets).Select(async bucket =>
        {
            var partition = PartitionOf(campaignId, bucket);
            var filter = status is null
                ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {activityId + ":"} and RowKey lt {activityId + ";"}")
                : TableClient.CreateQueryFilter(
                    $"PartitionKey eq {partition} and RowKey ge {activityId + ":"} and RowKey lt {activityId + ";"} and Status eq {WireName.Of(status.Value)}");
            var found = new List<EntryRecord>();
            await foreach (var row in tables.Entries.QueryAsync<TableEntity>(filter, cancellationToken: ct))
                found.Add(ToRecord(campaignId, bucket, row));
            return found;
        }).ToList();
        foreach (var shard in shards)
        {
            foreach (var entry in await shard)
                yield return entry;
        }
    }

    public async Task<IReadOnlyList<EntryRecord>> ListForEntrantAsync(string campaignId, int bucket, string pseudonym,
        IEnumerable<string> activityIds, CancellationToken ct)
    {
        var partition = PartitionOf(campaignId, bucket);
        var reads = activityIds.Select(async activityId =>
        {
            // "{activityId}:{pseudonym}" exactly, or followed by ":…"; ';' is the character after ':'.
            var key = EntryRecord.Key(activityId, pseudonym);
            var filter = TableClient.CreateQueryFilter(
                $"PartitionKey eq {partition} and ((RowKey eq {key}) or (RowKey ge {key + ":"} and RowKey lt {key + ";"}))");
            var found = new List<EntryRecord>();
            await foreach (var row in tables.Entries.QueryAsync<TableEntity>(filter, cancellationToken: ct))
                found.Add(ToRecord(campaignId, bucket, row));
            return found;
        });
        return (await Task.WhenAll(reads)).SelectMany(r => r).OrderBy(r => r.AcceptedAt).ToList();
    }

    internal static TableEntity ToEntity(EntryRecord e)
    {
        var entity = new TableEntity(PartitionOf(e.CampaignId, e.Bucket), e.RowKey)
        {
            ["ActivityId"] = e.ActivityId,
            ["Kind"] = WireName.Of(e.Kind),
            ["EntrantId"] = e.EntrantId,
            ["Pseudonym"] = e.Pseudonym,
            ["AcceptedAt"] = e.AcceptedAt,
            ["Weight"] = e.Weight,
        };
        if (e.Day is not null) entity["Day"] = e.Day;
        if (e.CandidateId is not null) entity["CandidateId"] = e.CandidateId;
        if (e.Text is not null) entity["Text"] = e.Text;
        if (e.Status is { } status) entity["Status"] = WireName.Of(status);
        if (e.Value is not null) entity["Value"] = e.Value;
        if (e.Fields is not null) entity["Fields"] = JsonSerializer.Serialize(e.Fields, FanRewardsJson.Options);
        if (e.Progress is not null) entity["Progress"] = e.Progress;
        if (e.Seat is not null) entity["Seat"] = e.Seat;
        if (e.DecidedAt is { } decided) entity["DecidedAt"] = decided;
        if (e.NetworkSignal is not null) entity[NetworkColumn] = e.NetworkSignal;
        if (e.AgentSignal is not null) entity[AgentColumn] = e.AgentSignal;
        if (e.Decisions is not null) entity["Decisions"] = e.Decisions;
        return entity;
    }

    internal static EntryRecord ToRecord(string campaignId, int bucket, TableEntity row) => new()
    {
        CampaignId = campaignId,
        Bucket = bucket,
        RowKey = row.RowKey,
        ActivityId = row.GetString("ActivityId"),
        Kind = WireName.Parse<ActivityKind>(row.GetString("Kind")),
        EntrantId = row.GetString("EntrantId"),
        Pseudonym = row.GetString("Pseudonym"),
        AcceptedAt = row.GetDateTimeOffset("AcceptedAt")!.Value,
        Weight = row.GetInt32("Weight") ?? 1,
        Day = row.GetString("Day"),
        CandidateId = row.GetString("CandidateId"),
        Text = row.GetString("Text"),
        Status = row.GetString("Status") is { } status ? WireName.Parse<EntryStatus>(status) : null,
        Value = row.GetInt64("Value"),
        Fields = row.GetString("Fields") is { } fields
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(fields, FanRewardsJson.Options) : null,
        Progress = row.GetString("Progress"),
        Seat = row.GetInt32("Seat"),
        DecidedAt = row.GetDateTimeOffset("DecidedAt"),
        NetworkSignal = row.GetString(NetworkColumn),
        AgentSignal = row.GetString(AgentColumn),
        Decisions = row.GetString("Decisions"),
        LastWrittenAt = row.Timestamp,
        ETag = row.ETag.ToString(),
    };
}

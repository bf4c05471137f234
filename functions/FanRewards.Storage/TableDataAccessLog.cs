using Azure.Data.Tables;
using FanRewards.Core.Admins;
using FanRewards.Core.DataAccess;

namespace FanRewards.Storage;

/// <summary>
/// Personal-data access records: one partition of CampaignState ("{campaignId}:data-access"), row key the inverted time
/// and the id, so a partition scan reads the newest first and stops at the page size.
/// </summary>
public sealed class TableDataAccessLog(StorageTables tables) : IDataAccessLog
{
    private static string PartitionOf(string campaignId) => $"{campaignId}:data-access";

    public async Task WriteAsync(DataAccessRecord record, CancellationToken ct) =>
        await tables.CampaignState.AddEntityAsync(new TableEntity(PartitionOf(record.CampaignId), $"{DateTimeOffset.MaxValue.UtcTicks - record.At.UtcTicks:D19}-{record.Id}")
        {
            ["Id"] = record.Id, ["At"] = record.At, ["ActorId"] = record.Actor.Id, ["ActorName"] = record.Actor.Name, ["What"] = record.What, ["Rows"] = record.Rows,
            ["Reason"] = record.Reason,
        }, ct);

    public async Task<IReadOnlyList<DataAccessRecord>> ListAsync(string campaignId, int max, CancellationToken ct)
    {
        var result = new List<DataAccessRecord>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionOf(campaignId)}");
        await foreach (var row in tables.CampaignState.QueryAsync<TableEntity>(filter, maxPerPage: max, cancellationToken: ct))
        {
            result.Add(new DataAccessRecord(row.GetString("Id"), campaignId, row.GetDateTimeOffset("At")!.Value,
                new AdminRef(row.GetString("ActorId"), row.GetString("ActorName")), row.GetString("What"), row.GetInt32("Rows") ?? 0,
                row.GetString("Reason")));
            if (result.Count == max) break;
        }
        return result;
    }
}

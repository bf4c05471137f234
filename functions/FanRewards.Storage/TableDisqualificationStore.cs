using Azure;
using Azure.Data.Tables;
using FanRewards.Core.Admins;
using FanRewards.Core.Entries;

namespace FanRewards.Storage;

/// <summary>Disqualified entrants of a campaign: one partition of CampaignState ("{campaignId}:disqualified"), one row per entrant. The
/// decider is two columns, By (name) and ById (absent on rows from before admins signed in as themselves).</summary>
public sealed class TableDisqualificationStore(StorageTables tables) : IDisqualificationStore
{
    private static string PartitionOf(string campaignId) => $"{campaignId}:disqualified";

    public async Task<bool> TryAddAsync(Disqualification disqualification, CancellationToken ct)
    {
        try
        {
            await tables.CampaignState.AddEntityAsync(new TableEntity(PartitionOf(disqualification.CampaignId), disqualification.EntrantId)
            {
                ["Pseudonym"] = disqualification.Pseudonym, ["Reason"] = disqualification.Reason, ["By"] = disqualification.By.Name, ["ById"] = disqualification.By.Id, ["At"] = disqualification.At,
            }, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<Disqualification?> FindAsync(string campaignId, string entrantId, CancellationToken ct)
    {
        var row = await tables.CampaignState.GetEntityIfExistsAsync<TableEntity>(PartitionOf(campaignId), entrantId, cancellationToken: ct);
        return row.HasValue ? ToRecord(campaignId, row.Value!) : null;
    }

    public async Task<IReadOnlyList<Disqualification>> ListAsync(string campaignId, CancellationToken ct)
    {
        var result = new List<Disqualification>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionOf(campaignId)}");
        await foreach (var row in tables.CampaignState.QueryAsync<TableEntity>(filter, cancellationToken: ct)) result.Add(ToRecord(campaignId, row));
        return result;
    }

    /// <summary>The row key of a disqualification whose entrant id was erased after the retention period: this and the pseudonym.</summary>
    public const string ErasedPrefix = "~";

    private static Disqualification ToRecord(string campaignId, TableEntity row) => new(campaignId,
        row.RowKey.StartsWith(ErasedPrefix, StringComparison.Ordinal) ? Core.Retention.IPersonalDataStore.Erased : row.RowKey, row.GetString("Pseudonym"),
        row.GetString("Reason"), new AdminRef(row.GetString("ById"), row.GetString("By")), row.GetDateTimeOffset("At")!.Value);
}

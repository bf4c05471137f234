using Azure;
using Azure.Data.Tables;
using FanRewards.Core.Admins;
using FanRewards.Core.Approvals;

namespace FanRewards.Storage;

/// <summary>A campaign's four-eyes approvals: one partition of CampaignState ("{campaignId}:approvals"), one row per approval.</summary>
public sealed class TableApprovalStore(StorageTables tables) : IApprovalStore
{
    private static string PartitionOf(string campaignId) => $"{campaignId}:approvals";

    public async Task<bool> TryAddAsync(Approval approval, CancellationToken ct)
    {
        try
        {
            await tables.CampaignState.AddEntityAsync(ToRow(approval), ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<StoredApproval?> FindAsync(string campaignId, string approvalId, CancellationToken ct)
    {
        var row = await tables.CampaignState.GetEntityIfExistsAsync<TableEntity>(PartitionOf(campaignId), approvalId, cancellationToken: ct);
        return row.HasValue ? new StoredApproval(FromRow(campaignId, row.Value!), row.Value!.ETag.ToString()) : null;
    }

    public async Task<IReadOnlyList<Approval>> ListAsync(string campaignId, CancellationToken ct)
    {
        var result = new List<Approval>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionOf(campaignId)}");
        await foreach (var row in tables.CampaignState.QueryAsync<TableEntity>(filter, cancellationToken: ct)) result.Add(FromRow(campaignId, row));
        return [.. result.OrderByDescending(a => a.RequestedAt).ThenBy(a => a.Id, StringComparer.Ordinal)];
    }

    public async Task<string?> TryReplaceAsync(Approval approval, string etag, CancellationToken ct)
    {
        try
        {
            var response = await tables.CampaignState.UpdateEntityAsync(ToRow(approval), new ETag(etag), TableUpdateMode.Replace, ct);
            return response.Headers.ETag?.ToString();
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return null;
        }
    }

    private static TableEntity ToRow(Approval a)
    {
        var row = new TableEntity(PartitionOf(a.CampaignId), a.Id)
        {
            ["Action"] = a.Action, ["Status"] = a.Status, ["RequestedById"] = a.RequestedBy.Id, ["RequestedByName"] = a.RequestedBy.Name,
            ["RequestedAt"] = a.RequestedAt, ["ActionDone"] = a.ActionDone,
        };
        // Table Storage has no null: an absent property is how "none" is stored.
        if (a.DrawId is { } drawId) row["DrawId"] = drawId;
        if (a.CampaignETag is { } campaignETag) row["CampaignETag"] = campaignETag;
        if (a.DecidedBy is { } by)
        {
            row["DecidedById"] = by.Id;
            row["DecidedByName"] = by.Name;
        }
        if (a.DecidedAt is { } at) row["DecidedAt"] = at;
        return row;
    }

    private static Approval FromRow(string campaignId, TableEntity row) => new(
        row.RowKey, campaignId, row.GetString("Action"), row.GetString("DrawId"), row.GetString("Status"),
        new AdminRef(row.GetString("RequestedById"), row.GetString("RequestedByName")), row.GetDateTimeOffset("RequestedAt")!.Value,
        row.GetString("DecidedByName") is { } name ? new AdminRef(row.GetString("DecidedById"), name) : null,
        row.GetDateTimeOffset("DecidedAt"), row.GetString("CampaignETag"), row.GetBoolean("ActionDone") ?? false);
}

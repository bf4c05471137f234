using Azure;
using Azure.Data.Tables;
using FanRewards.Core.Awards;

namespace FanRewards.Storage;

/// <summary>
/// Claim contacts in a table of their own (ClaimContacts, PK campaignId, RK awardId), apart from entries and awards,
/// so personal data has one place to be guarded, exported and deleted.
/// </summary>
public sealed class TableClaimContactStore(StorageTables tables) : IClaimContactStore
{
    public Task SaveAsync(ClaimContact contact, CancellationToken ct) =>
        tables.ClaimContacts.UpsertEntityAsync(new TableEntity(contact.CampaignId, contact.AwardId)
        {
            ["Pseudonym"] = contact.Pseudonym, ["Name"] = contact.Name, ["Phone"] = contact.Phone, ["Address"] = contact.Address,
            ["ClaimedAt"] = contact.ClaimedAt, ["DeleteAfter"] = contact.DeleteAfter,
        }, TableUpdateMode.Replace, ct);

    public async Task<ClaimContact?> FindAsync(string campaignId, string awardId, CancellationToken ct)
    {
        var row = await tables.ClaimContacts.GetEntityIfExistsAsync<TableEntity>(campaignId, awardId, cancellationToken: ct);
        return row.HasValue ? ToContact(row.Value!) : null;
    }

    public async Task<IReadOnlyList<ClaimContact>> ListAsync(string campaignId, CancellationToken ct)
    {
        var result = new List<ClaimContact>();
        await foreach (var row in tables.ClaimContacts.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {campaignId}"),
                           cancellationToken: ct))
        {
            result.Add(ToContact(row));
        }

        return result;
    }

    public async Task<int> DeleteExpiredAsync(string campaignId, DateTimeOffset now, CancellationToken ct)
    {
        var deleted = 0;
        await foreach (var row in tables.ClaimContacts.QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey eq {campaignId} and DeleteAfter le {now}"),
                           select: ["PartitionKey", "RowKey"], cancellationToken: ct))
        {
            await tables.ClaimContacts.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, ct);
            deleted++;
        }
        return deleted;
    }

    private static ClaimContact ToContact(TableEntity e) => new(e.PartitionKey, e.RowKey, e.GetString("Pseudonym"), e.GetString("Name"),
        e.GetString("Phone"), e.GetString("Address"), e.GetDateTimeOffset("ClaimedAt")!.Value, e.GetDateTimeOffset("DeleteAfter")!.Value);
}

using Azure.Data.Tables;
using FanRewards.Core.Campaigns;

namespace FanRewards.Storage;

/// <summary>Audit rows beside the campaign-settings audit (PK campaignId, newest first), keyed so a retry writes the same row.</summary>
public sealed class TableAuditLog(StorageTables tables) : IAuditLog
{
    public Task WriteAsync(AuditEntry entry, string key, CancellationToken ct)
    {
        var row = new TableEntity(entry.CampaignId, $"{DateTimeOffset.MaxValue.UtcTicks - entry.At.UtcTicks:D19}-{key}")
        {
            ["At"] = entry.At, ["Actor"] = entry.Actor, ["Action"] = entry.Action, ["Summary"] = entry.Summary,
        };
        // The app's own steps have no id (Table storage has no null: an absent property is how "none" is stored).
        if (entry.ActorId is { } actorId) row["ActorId"] = actorId;
        return tables.Audit.UpsertEntityAsync(row, TableUpdateMode.Replace, ct);
    }
}

using Azure.Data.Tables;
using FanRewards.Core.Campaigns;

namespace FanRewards.Storage;

/// <summary>Audit rows beside the campaign-settings audit (PK campaignId, newest first), keyed so a retry writes the same row.</summary>
public sealed class TableAuditLog(StorageTables tables) : IAuditLog
{
    public Task WriteAsync(AuditEntry entry, string key, CancellationToken ct) =>
        tables.Audit.UpsertEntityAsync(AuditRows.ToRow(entry.CampaignId, $"{DateTimeOffset.MaxValue.UtcTicks - entry.At.UtcTicks:D19}-{key}", entry),
            TableUpdateMode.Replace, ct);
}

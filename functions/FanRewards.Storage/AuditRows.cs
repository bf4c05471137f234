using System.Text.Json;
using Azure.Data.Tables;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Json;

namespace FanRewards.Storage;

/// <summary>An audit entry as a row of the Audit table, written by the settings store and the audit log alike.</summary>
internal static class AuditRows
{
    public static TableEntity ToRow(string partitionKey, string rowKey, AuditEntry entry)
    {
        var row = new TableEntity(partitionKey, rowKey)
        {
            ["At"] = entry.At, ["Actor"] = entry.Actor, ["Action"] = entry.Action, ["Summary"] = entry.Summary,
            ["Code"] = entry.Code, ["Args"] = JsonSerializer.Serialize(entry.Args, FanRewardsJson.Options),
        };
        // The app's own steps have no id (Table storage has no null: an absent property is how "none" is stored).
        if (entry.ActorId is { } actorId) row["ActorId"] = actorId;
        return row;
    }

    /// <summary>
    /// Rows written before codes have none: the code their action stands for, no args; rows written before admins signed
    /// in as themselves have no ActorId: the name alone.
    /// </summary>
    public static AuditEntry FromRow(string campaignId, TableEntity row)
    {
        var action = row.GetString("Action");
        return new AuditEntry(campaignId, row.GetDateTimeOffset("At")!.Value, row.GetString("Actor"), action, row.GetString("Summary"))
        {
            ActorId = row.GetString("ActorId"),
            Code = row.GetString("Code") ?? AuditCodes.ForLegacyAction(action),
            Args = row.GetString("Args") is { } args
                ? JsonSerializer.Deserialize<Dictionary<string, string>>(args, FanRewardsJson.Options) ?? []
                : AuditCodes.NoArgs,
        };
    }
}

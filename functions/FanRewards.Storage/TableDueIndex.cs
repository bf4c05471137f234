using System.Globalization;
using Azure;
using Azure.Data.Tables;
using FanRewards.Core.Due;

namespace FanRewards.Storage;

/// <summary>
/// The due index in the DueWork table: a partition per kind of work (PK "outbox", "claim", …), a row per campaign and
/// time (RK "{dueAt UTC ticks:D19}|{campaignId}"), so "what is due now" is one range query over the front of one
/// partition. Marks are few (one per campaign and minute of due time), so the partitions stay small and cool.
/// </summary>
public sealed class TableDueIndex(StorageTables tables) : IDueIndex
{
    private TableClient Table => tables.DueWork;

    private static string RowKey(DueMark mark) =>
        string.Create(CultureInfo.InvariantCulture, $"{mark.DueAt.UtcTicks:D19}|{mark.CampaignId}");

    public async Task MarkAsync(DueMark mark, DateTimeOffset markedAt, CancellationToken ct) =>
        await Table.UpsertEntityAsync(new TableEntity(mark.Kind, RowKey(mark))
        {
            ["CampaignId"] = mark.CampaignId,
            ["DueAt"] = mark.DueAt,
            ["MarkedAt"] = markedAt.ToUniversalTime(),
        }, TableUpdateMode.Replace, ct);

    public async Task<IReadOnlyList<DueEntry>> ListDueAsync(string kind, DateTimeOffset until, int max, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var upper = string.Create(CultureInfo.InvariantCulture, $"{until.UtcTicks + 1:D19}");
        var due = new List<DueEntry>();
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {kind} and RowKey lt {upper}"),
                           maxPerPage: Math.Min(max, 1000), cancellationToken: ct))
        {
            due.Add(ToEntry(row));
            if (due.Count == max) break;
        }
        return due;
    }

    public async Task<bool> TryRemoveAsync(DueEntry entry, CancellationToken ct)
    {
        try
        {
            await Table.DeleteEntityAsync(entry.Mark.Kind, RowKey(entry.Mark), new ETag(entry.ETag), ct);
            return true;
        }
        catch (RequestFailedException e) when (StorageTables.IsStatus(e, 412))
        {
            return false; // written again since it was read: its new work keeps it
        }
        catch (RequestFailedException e) when (StorageTables.IsStatus(e, 404))
        {
            return true;
        }
    }

    public async Task<DueEntry?> TryRecordQueuedAsync(DueEntry entry, DateTimeOffset at, CancellationToken ct)
    {
        try
        {
            var response = await Table.UpdateEntityAsync(new TableEntity(entry.Mark.Kind, RowKey(entry.Mark)) { ["QueuedAt"] = at.ToUniversalTime() },
                new ETag(entry.ETag), TableUpdateMode.Merge, ct);
            return entry with { QueuedAt = at, ETag = response.Headers.ETag?.ToString() ?? entry.ETag };
        }
        catch (RequestFailedException e) when (StorageTables.IsStatus(e, 412) || StorageTables.IsStatus(e, 404))
        {
            return null;
        }
    }

    private static DueEntry ToEntry(TableEntity row) => new(
        new DueMark(row.PartitionKey, row.GetString("CampaignId") ?? row.RowKey[20..], row.GetDateTimeOffset("DueAt") ?? DueMark.AtOnce),
        row.GetDateTimeOffset("MarkedAt") ?? DateTimeOffset.MinValue, row.GetDateTimeOffset("QueuedAt"), row.ETag.ToString());
}

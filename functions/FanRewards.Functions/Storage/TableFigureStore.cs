using System.Globalization;
using Azure;
using Azure.Data.Tables;
using FanRewards.Core.Figures;

namespace FanRewards.Functions.Storage;

/// <summary>
/// A campaign's figures in one partition of CampaignState ("{campaignId}:figures"), a row per UTC hour, activity and
/// outcome ("{yyyyMMddHH}|{activityId}|{outcome}"). Every instance adds to the same rows: each flush reads the rows
/// it touches and replaces them in one transaction guarded by their ETags, and starts over when another instance
/// got there first. The same transaction moves the instance's marker row ("flush|{instanceId}") to the flush's
/// sequence number, so a flush whose answer was lost (a timeout, the SDK's own retry) is recognised as done instead
/// of being added twice.
/// </summary>
public sealed class TableFigureStore(StorageTables tables) : IFigureStore
{
    private const int MaxAttempts = 10;
    private const string HourFormat = "yyyyMMddHH";
    private const string MarkerPrefix = "flush|";

    private static string Partition(string campaignId) => $"{campaignId}:figures";

    public async Task AddAsync(string campaignId, FlushStamp stamp, IReadOnlyList<FigureCount> counts, CancellationToken ct)
    {
        if (counts.Count is 0) return;
        if (counts.Count > IFigureStore.MaxCountsPerAdd) throw new ArgumentException($"At most {IFigureStore.MaxCountsPerAdd} counts per add.", nameof(counts));
        var partition = Partition(campaignId);
        var markerKey = MarkerPrefix + stamp.InstanceId;
        var byRow = counts.GroupBy(RowKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(c => c.Count), StringComparer.Ordinal);

        for (var attempt = 1; ; attempt++)
        {
            var marker = await tables.CampaignState.GetEntityIfExistsAsync<TableEntity>(partition, markerKey, cancellationToken: ct);
            if (marker.HasValue && marker.Value!.GetInt64("Sequence") >= stamp.Sequence) return; // an earlier attempt landed
            var existing = await Task.WhenAll(byRow.Keys.Select(rowKey =>
                tables.CampaignState.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: ct)));
            var markerRow = new TableEntity(partition, markerKey) { ["Sequence"] = stamp.Sequence };
            var actions = new List<TableTransactionAction>
            {
                marker.HasValue
                    ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, markerRow, marker.Value!.ETag)
                    : new TableTransactionAction(TableTransactionActionType.Add, markerRow),
            };
            actions.AddRange(byRow.Keys.Zip(existing, (rowKey, row) => row.HasValue
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace,
                    new TableEntity(partition, rowKey) { ["Count"] = row.Value!.GetInt64("Count").GetValueOrDefault() + byRow[rowKey] },
                    row.Value.ETag)
                : new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, rowKey) { ["Count"] = byRow[rowKey] })));
            try
            {
                await tables.CampaignState.SubmitTransactionAsync(actions, ct);
                return;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another instance added to one of these rows since they were read, or this very transaction landed
                // before a retry of it (the marker then says so): read again. A random pause that grows lets
                // instances flushing in step fall out of it.
                await Task.Delay(Random.Shared.Next(attempt * 10, attempt * 40), ct);
            }
            catch (Exception e) when (e is RequestFailedException or IOException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                // No answer, or not a clear one: the marker tells whether the transaction landed.
                var after = await tables.CampaignState.GetEntityIfExistsAsync<TableEntity>(partition, markerKey, cancellationToken: ct);
                if (after.HasValue && after.Value!.GetInt64("Sequence") >= stamp.Sequence) return;
                throw;
            }
        }
    }

    public async Task<IReadOnlyList<FigureCount>> ReadAsync(string campaignId, CancellationToken ct)
    {
        var counts = new List<FigureCount>();
        await foreach (var row in tables.CampaignState.QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey eq {Partition(campaignId)}"), cancellationToken: ct))
        {
            if (row.RowKey.StartsWith(MarkerPrefix, StringComparison.Ordinal)) continue;
            var parts = row.RowKey.Split('|', 3);
            if (parts.Length != 3 || !DateTime.TryParseExact(parts[0], HourFormat, CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var hour))
                continue;
            counts.Add(new FigureCount(new DateTimeOffset(hour, TimeSpan.Zero), parts[1], parts[2], row.GetInt64("Count").GetValueOrDefault()));
        }
        return counts;
    }

    private static string RowKey(FigureCount count) =>
        $"{count.Hour.UtcDateTime.ToString(HourFormat, CultureInfo.InvariantCulture)}|{count.ActivityId}|{count.Outcome}";
}

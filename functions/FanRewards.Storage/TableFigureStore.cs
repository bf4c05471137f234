using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using FanRewards.Core.Figures;

namespace FanRewards.Storage;

/// <summary>
/// A campaign's figures in one partition of CampaignState ("{campaignId}:figures"), a row per UTC hour, activity and
/// outcome ("{yyyyMMddHH}|{activityId}|{outcome}"). Every instance adds to the same rows: each flush reads the rows
/// it touches and replaces them in one transaction guarded by their ETags, and starts over when another instance
/// got there first. The same transaction moves the instance's marker row ("flush|{instanceId}") to the flush's
/// sequence number, so a flush whose answer was lost (a timeout, the SDK's own retry) is recognised as done instead
/// of being added twice (<see cref="MarkerGuardedMerge"/>, shared with the fraud aggregates).
/// <para>
/// The leaderboards' tallies live beside them in "{campaignId}:board": like counts per candidate
/// ("like|{activityId}|total|{candidateId}" and "like|{activityId}|{day}|{candidateId}"), added the same way, and each
/// check-in activity's top list ("top|{activityId}", the entrants as JSON), replaced under its ETag. A leaderboard read
/// is two range queries per like activity and one point read per check-in activity, whatever the number of entries.
/// </para>
/// </summary>
public sealed partial class TableFigureStore(StorageTables tables) : IFigureStore
{
    private const int MaxAttempts = 10;
    private const string HourFormat = "yyyyMMddHH";

    private const string LikePrefix = "like|";
    private const string TotalDay = "total";
    private const string TopPrefix = "top|";

    private static string Partition(string campaignId) => $"{campaignId}:figures";

    private static string BoardPartition(string campaignId) => $"{campaignId}:board";

    public async Task AddAsync(string campaignId, FlushStamp stamp, IReadOnlyList<FigureCount> counts, CancellationToken ct)
    {
        if (counts.Count is 0) return;
        if (counts.Count > IFigureStore.MaxCountsPerAdd) throw new ArgumentException($"At most {IFigureStore.MaxCountsPerAdd} counts per add.", nameof(counts));
        await AddRowsAsync(Partition(campaignId), stamp,
            counts.GroupBy(RowKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(c => c.Count), StringComparer.Ordinal), ct);
    }

    public async Task AddBoardAsync(string campaignId, FlushStamp stamp, IReadOnlyList<BoardCount> counts, CancellationToken ct)
    {
        if (counts.Count is 0) return;
        if (counts.Count > IFigureStore.MaxCountsPerAdd) throw new ArgumentException($"At most {IFigureStore.MaxCountsPerAdd} counts per add.", nameof(counts));
        await AddRowsAsync(BoardPartition(campaignId), stamp,
            counts.GroupBy(BoardRowKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(c => c.Count), StringComparer.Ordinal), ct);
    }

    public async Task<IReadOnlyList<BoardCount>> ReadBoardAsync(string campaignId, string activityId, string? day, CancellationToken ct)
    {
        var prefix = $"{LikePrefix}{activityId}|{day ?? TotalDay}|";
        var counts = new List<BoardCount>();
        await foreach (var row in tables.CampaignState.QueryAsync<TableEntity>(TableClient.CreateQueryFilter(
                           $"PartitionKey eq {BoardPartition(campaignId)} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + "}"}"),
                           select: ["RowKey", "Count"], cancellationToken: ct))
        {
            counts.Add(new BoardCount(activityId, row.RowKey[prefix.Length..], day, row.GetInt64("Count").GetValueOrDefault()));
        }

        return counts;
    }

    public async Task MergeTopEntrantsAsync(string campaignId, string activityId, IReadOnlyList<EntrantTotal> totals, int keep, CancellationToken ct)
    {
        if (totals.Count is 0) return;
        var (partition, rowKey) = (BoardPartition(campaignId), TopPrefix + activityId);
        for (var attempt = 1; ; attempt++)
        {
            var row = await tables.CampaignState.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: ct);
            var stored = row.HasValue ? ParseTop(row.Value!) : [];
            var merged = EntrantTotal.Merge(stored, totals, keep);
            if (merged.SequenceEqual(stored)) return; // nobody moved into the list or up it
            var entity = new TableEntity(partition, rowKey) { ["Entrants"] = JsonSerializer.Serialize(merged.Select(t => new TopEntrant(t.Pseudonym, t.Total, t.ReachedAt.UtcTicks))) };
            try
            {
                if (row.HasValue) await tables.CampaignState.UpdateEntityAsync(entity, row.Value!.ETag, TableUpdateMode.Replace, ct);
                else await tables.CampaignState.AddEntityAsync(entity, ct);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another instance merged first: merge into what it wrote.
                await Task.Delay(Random.Shared.Next(attempt * 10, attempt * 40), ct);
            }
        }
    }

    public async Task<IReadOnlyList<EntrantTotal>> ReadTopEntrantsAsync(string campaignId, string activityId, CancellationToken ct)
    {
        var row = await tables.CampaignState.GetEntityIfExistsAsync<TableEntity>(BoardPartition(campaignId), TopPrefix + activityId, cancellationToken: ct);
        return row.HasValue ? ParseTop(row.Value!) : [];
    }

    private static List<EntrantTotal> ParseTop(TableEntity row) =>
        (JsonSerializer.Deserialize<List<TopEntrant>>(row.GetString("Entrants") ?? "[]") ?? [])
        .Select(t => new EntrantTotal(t.P, t.T, new DateTimeOffset(t.R, TimeSpan.Zero))).ToList();

    /// <summary>One entrant of a stored top list, in short names: a list of a hundred stays a few kilobytes.</summary>
    private sealed record TopEntrant(string P, long T, long R);

    private static string BoardRowKey(BoardCount count) => $"{LikePrefix}{count.ActivityId}|{count.Day ?? TotalDay}|{count.CandidateId}";

    /// <summary>Adds the counts to their rows under the instance's marker (<see cref="MarkerGuardedMerge"/>), reading the rows on every attempt.</summary>
    private async Task AddRowsAsync(string partition, FlushStamp stamp, Dictionary<string, long> byRow, CancellationToken ct) =>
        await MarkerGuardedMerge.MergeAsync(tables.CampaignState, partition, stamp, _ => CountRowsAsync(partition, byRow, ct), () => { }, ct);

    /// <summary>The rows of <paramref name="byRow"/> as read now, each with its count added.</summary>
    private async Task<MarkedMergeRows> CountRowsAsync(string partition, Dictionary<string, long> byRow, CancellationToken ct)
    {
        var existing = await Task.WhenAll(byRow.Keys.Select(rowKey =>
            tables.CampaignState.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: ct)));
        return new MarkedMergeRows(byRow.Keys.Zip(existing, (rowKey, row) => row.HasValue
            ? new MergedRow(new TableEntity(partition, rowKey) { ["Count"] = row.Value!.GetInt64("Count").GetValueOrDefault() + byRow[rowKey] }, row.Value.ETag)
            : new MergedRow(new TableEntity(partition, rowKey) { ["Count"] = byRow[rowKey] }, null)).ToList(), []);
    }

    public async Task<IReadOnlyList<FigureCount>> ReadAsync(string campaignId, CancellationToken ct)
    {
        var counts = new List<FigureCount>();
        await foreach (var row in tables.CampaignState.QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey eq {Partition(campaignId)}"), cancellationToken: ct))
        {
            if (row.RowKey.StartsWith(MarkerGuardedMerge.MarkerPrefix, StringComparison.Ordinal)) continue;
            var parts = row.RowKey.Split('|', 3);
            if (parts.Length != 3 || !DateTime.TryParseExact(parts[0], HourFormat, CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var hour))
            {
                continue;
            }

            counts.Add(new FigureCount(new DateTimeOffset(hour, TimeSpan.Zero), parts[1], parts[2], row.GetInt64("Count").GetValueOrDefault()));
        }
        return counts;
    }

    private static string RowKey(FigureCount count) =>
        $"{count.Hour.UtcDateTime.ToString(HourFormat, CultureInfo.InvariantCulture)}|{count.ActivityId}|{count.Outcome}";
}

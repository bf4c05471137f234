using System.Globalization;
using Azure;
using Azure.Data.Tables;
using FanRewards.Core.Outbox;

namespace FanRewards.Storage;

/// <summary>
/// The admin list of a campaign's newest events without reading its history. Table storage returns keys in ascending
/// order only, and the event keys grow with time, so the award store also writes one key-only row per instant it
/// writes events at, "outbox-newest:{long.MaxValue - ticks:D19}", in the same transaction (an upsert: it never makes the
/// transaction fail). The first N of those rows name the instant from which on at least N events were written; one
/// range query of the events from that instant gives exactly the newest N, whatever the index lacks after it.
/// </summary>
public sealed partial class TableOutbox
{
    public const string NewestFirstPrefix = "outbox-newest:";
    private const string NewestFirstUpperBound = "outbox-newest;";

    /// <summary>How many instants a campaign written before the index gets indexed by its first list: the largest admin page.</summary>
    public const int BackfillDepth = 1000;

    /// <summary>A transaction holds at most 100 rows.</summary>
    private const int MaxTransactionRows = 100;

    /// <summary>The newest-first rows for events written together: one per instant (the events of one transaction share it).</summary>
    public static IEnumerable<TableTransactionAction> NewestFirstActions(IEnumerable<OutboxEvent> events) =>
        events.Select(e => (e.CampaignId, e.OccurredAt.UtcTicks)).Distinct()
            .Select(k => new TableTransactionAction(TableTransactionActionType.UpsertReplace, NewestFirstRow(k.CampaignId, k.UtcTicks)));

    private static TableEntity NewestFirstRow(string campaignId, long ticks) =>
        new(campaignId, string.Create(CultureInfo.InvariantCulture, $"{NewestFirstPrefix}{long.MaxValue - ticks:D19}"));

    private static long TicksOfNewestFirst(string rowKey) =>
        long.MaxValue - long.Parse(rowKey.AsSpan(NewestFirstPrefix.Length, TicksDigits), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>
    /// The campaign's most recent <paramref name="max"/> events, published or not, newest first (ties in key order,
    /// reversed). Reads up to <paramref name="max"/> index keys and the events from the oldest of their instants on:
    /// about 2 × max rows in two queries, however many events the campaign has. A campaign with fewer indexed instants
    /// than asked for is read whole, as before the index (its events are few, or were written before it); then its
    /// newest instants are indexed, so the next list is bounded.
    /// </summary>
    public async Task<IReadOnlyList<OutboxEvent>> ListAsync(string campaignId, int max, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var indexed = new List<long>(Math.Min(max, 1000));
        await foreach (var row in tables.Awards.QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter(
                               $"PartitionKey eq {campaignId} and RowKey ge {NewestFirstPrefix} and RowKey lt {NewestFirstUpperBound}"),
                           maxPerPage: Math.Min(max, 1000), select: ["RowKey"], cancellationToken: ct))
        {
            indexed.Add(TicksOfNewestFirst(row.RowKey));
            if (indexed.Count == max) break;
        }

        if (indexed.Count == max)
            return NewestOf(await ReadEventsAsync(campaignId, string.Create(CultureInfo.InvariantCulture, $"{RowKeyPrefix}{indexed[^1]:D19}:"), ct), max);

        var all = await ReadEventsAsync(campaignId, RowKeyPrefix, ct);
        await BackfillAsync(campaignId, all, indexed, ct);
        return NewestOf(all, max);
    }

    /// <summary>The events from <paramref name="from"/> on, oldest first (key order).</summary>
    private async Task<List<OutboxEvent>> ReadEventsAsync(string campaignId, string from, CancellationToken ct)
    {
        var events = new List<OutboxEvent>();
        await foreach (var entity in tables.Awards.QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey eq {campaignId} and RowKey ge {from} and RowKey lt {RowKeyUpperBound}"),
                           cancellationToken: ct))
        {
            events.Add(FromEntity(entity));
        }
        return events;
    }

    private static List<OutboxEvent> NewestOf(List<OutboxEvent> oldestFirst, int max) =>
        Enumerable.Reverse(oldestFirst).Take(max).ToList();

    /// <summary>
    /// Indexes the newest <see cref="BackfillDepth"/> instants of a campaign read whole that the index lacks (events
    /// written before it). Upserts, newest first: lists racing write the same rows. A failure leaves the list's answer
    /// alone (it was read without the index); the next list of the campaign tries again.
    /// </summary>
    private async Task BackfillAsync(string campaignId, List<OutboxEvent> all, List<long> indexed, CancellationToken ct)
    {
        var known = indexed.ToHashSet();
        var missing = all.Select(e => e.OccurredAt.UtcTicks).Distinct().OrderDescending().Take(BackfillDepth)
            .Where(t => !known.Contains(t)).ToList();
        try
        {
            foreach (var chunk in missing.Chunk(MaxTransactionRows))
            {
                await tables.Awards.SubmitTransactionAsync(
                    chunk.Select(t => new TableTransactionAction(TableTransactionActionType.UpsertReplace, NewestFirstRow(campaignId, t))), ct);
            }
        }
        catch (Exception e) when (e is RequestFailedException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            // The list does not depend on the index it could not write (refused, or no answer); the next one writes it.
        }
    }
}

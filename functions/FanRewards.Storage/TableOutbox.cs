using System.Globalization;
using Azure;
using Azure.Data.Tables;
using FanRewards.Core.Outbox;

namespace FanRewards.Storage;

/// <summary>
/// The outbox rows in a campaign's awards partition (PK campaignId, RK "outbox:{OccurredAt.UtcTicks:D19}:{EventId}"),
/// written by the award store in the same transaction as the state change they announce (build them with
/// <see cref="ToEntity"/>, and the newest-first rows with <see cref="NewestFirstActions"/>), and published to Service Bus
/// by the outbox publisher.
/// </summary>
public sealed partial class TableOutbox(StorageTables tables) : IOutbox
{
    public const string RowKeyPrefix = "outbox:";
    /// <summary>The first key after every "outbox:…" key (';' follows ':').</summary>
    private const string RowKeyUpperBound = "outbox;";
    private const int TicksDigits = 19;

    /// <summary>A string property holds at most 64 KiB, i.e. 32,768 UTF-16 characters.</summary>
    public const int MaxDataChars = 32 * 1024;

    public static string RowKeyOf(OutboxEvent e) =>
        string.Create(CultureInfo.InvariantCulture, $"{RowKeyPrefix}{e.OccurredAt.UtcTicks:D19}:{e.EventId}");

    /// <summary>
    /// The outbox row for an event, unpublished: what the award store adds to its transaction (an insert, so a repeated
    /// step that writes the same event again fails the transaction rather than re-announcing it).
    /// </summary>
    public static TableEntity ToEntity(OutboxEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (string.IsNullOrEmpty(e.EventId) || e.EventId.Length > 128 || e.EventId.Any(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?'))
            throw new ArgumentException("An event id is 1 to 128 characters, none of them '/', '\\', '#', '?' or a control character.", nameof(e));
        if (string.IsNullOrEmpty(e.CampaignId)) throw new ArgumentException("The event has no campaign id.", nameof(e));
        if (string.IsNullOrEmpty(e.Type)) throw new ArgumentException("The event has no type.", nameof(e));
        if (e.DataJson is null || e.DataJson.Length > MaxDataChars)
            throw new ArgumentException($"The event's data must be JSON of at most {MaxDataChars} characters.", nameof(e));

        var entity = new TableEntity(e.CampaignId, RowKeyOf(e))
        {
            ["EventId"] = e.EventId,
            ["Type"] = e.Type,
            ["OccurredAt"] = e.OccurredAt.ToUniversalTime(),
            ["Data"] = e.DataJson,
            ["Published"] = e.PublishedAt is not null,
        };
        if (e.PublishedAt is { } at) entity["PublishedAt"] = at.ToUniversalTime();
        return entity;
    }

    /// <summary>Reads an outbox row back. The instant comes from the row key, so that it rebuilds exactly the same key.</summary>
    public static OutboxEvent FromEntity(TableEntity entity)
    {
        var rowKey = entity.RowKey;
        var ticks = long.Parse(rowKey.AsSpan(RowKeyPrefix.Length, TicksDigits), NumberStyles.None, CultureInfo.InvariantCulture);
        var published = entity.GetBoolean("Published") == true;
        return new OutboxEvent(
            entity.PartitionKey,
            entity.GetString("EventId") ?? rowKey[(RowKeyPrefix.Length + TicksDigits + 1)..],
            entity.GetString("Type") ?? "",
            new DateTimeOffset(ticks, TimeSpan.Zero),
            entity.GetString("Data") ?? "null")
        {
            PublishedAt = published ? entity.GetDateTimeOffset("PublishedAt") ?? DateTimeOffset.MinValue : null,
        };
    }

    /// <summary>
    /// The campaign's unpublished events, oldest first: one query within its partition (the due index says which
    /// campaigns to ask), filtered on the server.
    /// </summary>
    public async Task<IReadOnlyList<OutboxEvent>> ListUnpublishedAsync(string campaignId, int max, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {campaignId} and RowKey ge {RowKeyPrefix} and RowKey lt {RowKeyUpperBound} and Published eq {false}");
        var events = new List<OutboxEvent>(Math.Min(max, 1000));
        await foreach (var entity in tables.Awards.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: ct))
        {
            events.Add(FromEntity(entity));
            if (events.Count == max) break;
        }
        return events;
    }

    /// <summary>Merges Published = true and PublishedAt into the event's row. Marking twice is harmless; a row that is gone is left gone.</summary>
    public async Task MarkPublishedAsync(OutboxEvent published, DateTimeOffset at, CancellationToken ct)
    {
        var patch = new TableEntity(published.CampaignId, RowKeyOf(published))
        {
            ["Published"] = true,
            ["PublishedAt"] = at.ToUniversalTime(),
        };
        try
        {
            await tables.Awards.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, ct);
        }
        catch (RequestFailedException e) when (StorageTables.IsStatus(e, 404))
        {
            // Never an upsert: a merge into a missing row would create a half row without the event.
        }
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using FanRewards.Core.Figures;
using FanRewards.Core.Fraud;

namespace FanRewards.Storage;

/// <summary>
/// The fraud review's entry-time aggregates, spread over <see cref="FraudPartitions.Count"/> partitions of CampaignState
/// per campaign (<see cref="FraudPartitions"/>: by a stable hash of each row's subject, so the entry burst's flushes do
/// not all land on one partition): count rows "{kind}|{subject}|{yyyyMMddHHmm or -}" (Count, Items as JSON), hot marks
/// "hot|{kind}|{subject}" beside their subject's rows, fast riddlers "fast|{activityId}|{pseudonym}" (by pseudonym),
/// the fold's start "since" (first partition) and, in each partition, each instance's flush marker "flush|{instanceId}".
/// Adds are merged as the figures are (<see cref="MarkerGuardedMerge"/>): grouped by partition, each partition's rows
/// replaced under their ETags in one transaction with the instance's marker there, so instances flushing at once never
/// lose an item and a flush whose answer was lost is not added twice (both per partition). A first attempt reads only
/// the marker: rows this instance wrote last are replaced from memory, others added, and a conflict reads them all.
/// A review reads the hot marks of every partition (one range query each, in parallel), each hot subject's rows in its
/// partition (one range query each) and the fast riddlers of every partition (one range query each, in parallel).
/// </summary>
public sealed class TableSignalAggregateStore(StorageTables tables) : ISignalAggregateStore
{
    private const int MaxAttempts = 10;
    private const int MaxRemembered = 50_000;
    private const string MinuteFormat = "yyyyMMddHHmm";
    private const string NoMinute = "-";
    private const string HotPrefix = "hot|";
    private const string FastPrefix = "fast|";
    private const string SinceRow = "since";

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Rows as this instance last wrote them (ETag and content): most flushes find theirs here and read nothing.</summary>
    private readonly ConcurrentDictionary<(string Partition, string RowKey), (ETag ETag, SignalRow Row)> _written = new();

    private static string Kind(SignalKind kind) => Core.Json.WireName.Of(kind);

    private static string RowKey(SignalKind kind, string subject, DateTimeOffset? minute) =>
        $"{Kind(kind)}|{subject}|{minute?.UtcDateTime.ToString(MinuteFormat, CultureInfo.InvariantCulture) ?? NoMinute}";

    /// <summary>The counts' partition: each partition's part of an add is one transaction.</summary>
    public string MergeGroupOf(string campaignId, SignalKind kind, string subject) => FraudPartitions.Of(campaignId, kind, subject);

    public async Task AddAsync(string campaignId, FlushStamp stamp, IReadOnlyList<SignalCount> counts, CancellationToken ct)
    {
        if (counts.Count is 0) return;
        if (counts.Count > ISignalAggregateStore.MaxCountsPerAdd) throw new ArgumentException($"At most {ISignalAggregateStore.MaxCountsPerAdd} counts per add.", nameof(counts));
        // One transaction per partition, each with its own marker: a partition whose part landed skips it when the add is
        // sent again under the same stamp, the others are written.
        await Task.WhenAll(counts.GroupBy(c => FraudPartitions.Of(campaignId, c.Kind, c.Subject), StringComparer.Ordinal)
            .Select(g => AddToPartitionAsync(g.Key, stamp, g.ToList(), ct)));
    }

    private async Task AddToPartitionAsync(string partition, FlushStamp stamp, List<SignalCount> counts, CancellationToken ct)
    {
        var byRow = counts.GroupBy(c => RowKey(c.Kind, c.Subject, c.Minute), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First() with { Items = g.SelectMany(c => c.Items).ToList() }, StringComparer.Ordinal);
        // A first attempt takes the rows from memory (a row this instance did not write last is added: a conflict if it
        // is there); a retry reads them all.
        var merged = new List<(string Key, (ETag, SignalRow)? Was, SignalRow Row)>();
        var answers = await MarkerGuardedMerge.MergeAsync(tables.CampaignState, partition, stamp, async attempt =>
        {
            var stored = attempt == 1
                ? byRow.Keys.Select(k => _written.TryGetValue((partition, k), out var w) ? w : ((ETag, SignalRow)?)null).ToList()
                : (await Task.WhenAll(byRow.Keys.Select(k => ReadRowAsync(partition, k, ct)))).ToList();
            merged = byRow.Keys.Zip(stored, (key, was) => (Key: key, Was: was, Row: SignalRow.Merge(was?.Item2, byRow[key]))).ToList();
            // A subject is marked when one of its rows reaches the level: marks are the same row each time, so an upsert.
            var hotMarks = merged.Where(m => m.Row.Count >= byRow[m.Key].HotAt && (m.Was?.Item2.Count ?? 0) < byRow[m.Key].HotAt)
                .Select(m => HotPrefix + Kind(m.Row.Kind) + "|" + m.Row.Subject).Distinct(StringComparer.Ordinal)
                .Select(hot => new TableEntity(partition, hot)).ToList();
            return new MarkedMergeRows(merged.Select(m => new MergedRow(ToEntity(partition, m.Key, m.Row), m.Was?.Item1)).ToList(), hotMarks);
        }, () =>
        {
            // What this instance remembers of the rows may be what failed (rows erased by retention answer 404 to
            // their old ETags): the next attempt reads them.
            foreach (var key in byRow.Keys) _written.TryRemove((partition, key), out _);
        }, ct);
        if (answers is not null) Remember(partition, merged.Select((m, i) => (m.Key, m.Row, answers[i].Headers.ETag)));
    }

    private void Remember(string partition, IEnumerable<(string Key, SignalRow Row, ETag? ETag)> rows)
    {
        if (_written.Count >= MaxRemembered) _written.Clear();
        foreach (var (key, row, etag) in rows)
        {
            if (etag is { } known) _written[(partition, key)] = (known, row);
            else _written.TryRemove((partition, key), out _);
        }
    }

    private async Task<(ETag, SignalRow)?> ReadRowAsync(string partition, string rowKey, CancellationToken ct)
    {
        var row = await tables.CampaignState.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: ct);
        return row.HasValue ? (row.Value!.ETag, FromEntity(row.Value)) : null;
    }

    public async Task PutFastRiddlersAsync(string campaignId, IReadOnlyList<FastRiddler> riddlers, CancellationToken ct)
    {
        if (riddlers.Count is 0) return;
        var entities = riddlers.GroupBy(r => $"{FastPrefix}{r.ActivityId}|{r.Pseudonym}", StringComparer.Ordinal).Select(g =>
        {
            var riddler = g.Last();
            return new TableEntity(FraudPartitions.OfRiddler(campaignId, riddler.Pseudonym), g.Key)
            {
                ["EntrantId"] = riddler.EntrantId,
                ["First"] = riddler.First.UtcTicks,
                ["Times"] = JsonSerializer.Serialize(riddler.Times.Select(t => t.UtcTicks)),
            };
        });
        // A transaction holds one partition's rows only.
        foreach (var partition in entities.GroupBy(e => e.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Chunk(100))
                await tables.CampaignState.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), ct);
        }
    }

    public async Task<IReadOnlyList<FastRiddler>> ListFastRiddlersAsync(string campaignId, CancellationToken ct)
    {
        var partitions = await Task.WhenAll(FraudPartitions.All(campaignId).Select(async partition =>
        {
            var riddlers = new List<(string RowKey, FastRiddler Riddler)>();
            await foreach (var row in RangeAsync(partition, FastPrefix, ct))
            {
                var parts = row.RowKey.Split('|');
                riddlers.Add((row.RowKey, new FastRiddler(parts[1], parts[2], row.GetString("EntrantId") ?? "", Instant(row.GetInt64("First") ?? 0),
                    (JsonSerializer.Deserialize<long[]>(row.GetString("Times") ?? "[]") ?? []).Select(Instant).ToList())));
            }
            return riddlers;
        }));
        // In key order, as one partition's range query gave them.
        return partitions.SelectMany(p => p).OrderBy(r => r.RowKey, StringComparer.Ordinal).Select(r => r.Riddler).ToList();
    }

    public async Task NoteSinceAsync(string campaignId, DateTimeOffset earliest, CancellationToken ct)
    {
        var partition = FraudPartitions.OfSince(campaignId);
        for (var attempt = 1; ; attempt++)
        {
            var row = await tables.CampaignState.GetEntityIfExistsAsync<TableEntity>(partition, SinceRow, cancellationToken: ct);
            if (row.HasValue && row.Value!.GetInt64("Since") <= earliest.UtcTicks) return;
            var entity = new TableEntity(partition, SinceRow) { ["Since"] = earliest.UtcTicks };
            try
            {
                if (row.HasValue) await tables.CampaignState.UpdateEntityAsync(entity, row.Value!.ETag, TableUpdateMode.Replace, ct);
                else await tables.CampaignState.AddEntityAsync(entity, ct);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // another instance noted first: compare with what it wrote
            }
        }
    }

    public async Task<DateTimeOffset?> FindSinceAsync(string campaignId, CancellationToken ct)
    {
        var row = await tables.CampaignState.GetEntityIfExistsAsync<TableEntity>(FraudPartitions.OfSince(campaignId), SinceRow, select: ["Since"], cancellationToken: ct);
        return row.HasValue && row.Value!.GetInt64("Since") is { } ticks ? Instant(ticks) : null;
    }

    public async Task<IReadOnlyList<(SignalKind Kind, string Subject)>> ListHotAsync(string campaignId, CancellationToken ct)
    {
        var partitions = await Task.WhenAll(FraudPartitions.All(campaignId).Select(async partition =>
        {
            var hot = new List<(string RowKey, SignalKind Kind, string Subject)>();
            await foreach (var row in RangeAsync(partition, HotPrefix, ct, ["RowKey"]))
            {
                var rest = row.RowKey[HotPrefix.Length..];
                var cut = rest.IndexOf('|', StringComparison.Ordinal);
                if (cut > 0 && KindOf(rest[..cut]) is { } kind) hot.Add((row.RowKey, kind, rest[(cut + 1)..]));
            }
            return hot;
        }));
        return partitions.SelectMany(p => p).OrderBy(h => h.RowKey, StringComparer.Ordinal).Select(h => (h.Kind, h.Subject)).ToList();
    }

    public async Task<IReadOnlyList<SignalRow>> ReadSubjectAsync(string campaignId, SignalKind kind, string subject, CancellationToken ct)
    {
        var rows = new List<SignalRow>();
        await foreach (var row in RangeAsync(FraudPartitions.Of(campaignId, kind, subject), $"{Kind(kind)}|{subject}|", ct)) rows.Add(FromEntity(row));
        return rows;
    }

    public async Task<int> EraseAsync(string campaignId, CancellationToken ct)
    {
        var erased = 0;
        foreach (var partition in FraudPartitions.All(campaignId)) erased += await ErasePartitionAsync(partition, ct);
        return erased;
    }

    private async Task<int> ErasePartitionAsync(string partition, CancellationToken ct)
    {
        var erased = 0;
        var batch = new List<string>();
        await foreach (var row in tables.CampaignState.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"),
                           select: ["RowKey"], cancellationToken: ct))
        {
            batch.Add(row.RowKey);
            if (batch.Count < 100) continue;
            erased += await DeleteAsync(partition, batch, ct);
            batch.Clear();
        }
        erased += await DeleteAsync(partition, batch, ct);
        foreach (var key in _written.Keys.Where(k => k.Partition == partition)) _written.TryRemove(key, out _);
        return erased;
    }

    /// <summary>A hundred rows per transaction; if one went meanwhile (a second sweep), row by row, a row gone already being no error.</summary>
    private async Task<int> DeleteAsync(string partition, List<string> keys, CancellationToken ct)
    {
        if (keys.Count == 0) return 0;
        try
        {
            await tables.CampaignState.SubmitTransactionAsync(
                keys.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, k), ETag.All)), ct);
            return keys.Count;
        }
        catch (TableTransactionFailedException e) when (e.Status == 404)
        {
            var deleted = 0;
            foreach (var key in keys)
            {
                if ((await tables.CampaignState.DeleteEntityAsync(partition, key, ETag.All, ct)).Status != 404) deleted++;
            }
            return deleted;
        }
    }

    private AsyncPageable<TableEntity> RangeAsync(string partition, string prefix, CancellationToken ct, IEnumerable<string>? select = null) =>
        tables.CampaignState.QueryAsync<TableEntity>(TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + "}"}"), select: select, cancellationToken: ct);

    private static TableEntity ToEntity(string partition, string rowKey, SignalRow row) => new(partition, rowKey)
    {
        ["Count"] = row.Count,
        ["Items"] = JsonSerializer.Serialize(row.Items.Select(i => new StoredItem(i.Pseudonym, i.EntrantId, i.At.UtcTicks, i.Text)), Json),
    };

    private static SignalRow FromEntity(TableEntity entity)
    {
        var parts = entity.RowKey.Split('|');
        var kind = KindOf(parts[0]) ?? SignalKind.Network;
        var subject = string.Join('|', parts[1..^1]);
        DateTimeOffset? minute = DateTime.TryParseExact(parts[^1], MinuteFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var m) ? new DateTimeOffset(m, TimeSpan.Zero) : null;
        var items = (JsonSerializer.Deserialize<List<StoredItem>>(entity.GetString("Items") ?? "[]", Json) ?? [])
            .Select(i => new SignalItem(i.P, i.E, Instant(i.T), i.X)).ToList();
        return new SignalRow(kind, subject, minute, entity.GetInt32("Count") ?? items.Count, items);
    }

    private static SignalKind? KindOf(string wire) => Core.Json.WireName.TryParse<SignalKind>(wire, out var kind) ? kind : null;

    private static DateTimeOffset Instant(long ticks) => new(ticks, TimeSpan.Zero);

    /// <summary>One item in short names: a row of a hundred stays a few kilobytes.</summary>
    private sealed record StoredItem(string P, string E, long T, string? X);
}

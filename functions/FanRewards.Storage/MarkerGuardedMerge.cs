using Azure;
using Azure.Data.Tables;
using FanRewards.Core.Figures;

namespace FanRewards.Storage;

/// <summary>
/// Rows of one partition that every instance adds to, each add applied once: the rows are replaced under the ETags they
/// were read with, in one transaction that also moves the instance's marker row ("flush|{instanceId}") to the add's
/// sequence number (<see cref="FlushStamp"/>). A marker already at or past the stamp means an earlier attempt landed
/// (its answer lost: a timeout, the SDK's own retry), so nothing is added twice. A conflict (another instance wrote one
/// of the rows since, or this very transaction landed before a retry of it) starts over after a growing random pause;
/// an unclear failure reads the marker to tell whether the transaction landed. The stores keep their own row shapes:
/// they say what an attempt writes (<see cref="MarkedMergeRows"/>). A transaction holds at most 100 rows, the marker one
/// of them: the stores' limits per add keep within it.
/// </summary>
internal static class MarkerGuardedMerge
{
    public const string MarkerPrefix = "flush|";
    private const int MaxAttempts = 10;

    /// <summary>Merges the rows under the instance's marker.</summary>
    /// <param name="rowsOfAttemptAsync">Given the attempt (from 1), the rows it writes: read again (or, on a first attempt,
    /// known from memory) and merged with what is added.</param>
    /// <param name="beforeUnclearFailure">Called when a failure that is not a conflict is thrown (the marker says the
    /// transaction did not land): what the store remembers of the rows may be what failed.</param>
    /// <returns>The answers to the merged rows, in their order, when this call's transaction landed; null when an earlier
    /// one had (the marker said so).</returns>
    public static Task<IReadOnlyList<Response>?> MergeAsync(TableClient table, string partition, FlushStamp stamp,
        Func<int, Task<MarkedMergeRows>> rowsOfAttemptAsync, Action beforeUnclearFailure, CancellationToken ct) =>
        MergeAsync(table, partition, MarkerPrefix + stamp.InstanceId,
            marker => marker?.GetInt64("Sequence") >= stamp.Sequence ? null : new Dictionary<string, object> { ["Sequence"] = stamp.Sequence },
            (attempt, _) => rowsOfAttemptAsync(attempt), beforeUnclearFailure, ct);

    /// <summary>
    /// Merges the rows under a marker that says more than a sequence (a set of what was added, say): the same transaction,
    /// retries and reading of an unclear failure, with the marker's meaning the caller's.
    /// </summary>
    /// <param name="markerAfter">Given the marker as read (null: none yet), the properties of the marker this merge
    /// leaves; null when the marker says there is nothing to add (an earlier attempt, or another instance, landed it).</param>
    /// <param name="rowsOfAttemptAsync">Given the attempt (from 1) and the marker as read, the rows it writes.</param>
    public static async Task<IReadOnlyList<Response>?> MergeAsync(TableClient table, string partition, string markerKey,
        Func<TableEntity?, IDictionary<string, object>?> markerAfter, Func<int, TableEntity?, Task<MarkedMergeRows>> rowsOfAttemptAsync,
        Action beforeUnclearFailure, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var marker = await table.GetEntityIfExistsAsync<TableEntity>(partition, markerKey, cancellationToken: ct);
            var read = marker.HasValue ? marker.Value : null;
            if (markerAfter(read) is not { } markerProperties) return null; // an earlier attempt landed
            var rows = await rowsOfAttemptAsync(attempt, read);
            var markerRow = new TableEntity(markerProperties) { PartitionKey = partition, RowKey = markerKey };
            var actions = new List<TableTransactionAction>
            {
                read is not null
                    ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, markerRow, read.ETag)
                    : new TableTransactionAction(TableTransactionActionType.Add, markerRow),
            };
            actions.AddRange(rows.Merged.Select(row => row.ReadWith is { } etag
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, row.Entity, etag)
                : new TableTransactionAction(TableTransactionActionType.Add, row.Entity)));
            actions.AddRange(rows.Upserts.Select(entity => new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity)));
            try
            {
                var answers = (await table.SubmitTransactionAsync(actions, ct)).Value;
                return answers.Skip(1).Take(rows.Merged.Count).ToList();
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 or 404 && attempt < MaxAttempts)
            {
                // Another instance added to one of these rows since they were read, or this very transaction landed
                // before a retry of it (the marker then says so), or a row read before is gone (404: retention erased
                // the partition): read again. A random pause that grows lets
                // instances flushing in step fall out of it.
                await Task.Delay(Random.Shared.Next(attempt * 10, attempt * 40), ct);
            }
            catch (Exception e) when (e is RequestFailedException or IOException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                // No answer, or not a clear one: the marker tells whether the transaction landed.
                var after = await table.GetEntityIfExistsAsync<TableEntity>(partition, markerKey, cancellationToken: ct);
                if (markerAfter(after.HasValue ? after.Value : null) is null) return null;
                beforeUnclearFailure();
                throw;
            }
        }
    }
}

/// <summary>What one attempt of a <see cref="MarkerGuardedMerge"/> writes besides the marker: the merged rows, each under
/// the ETag it was read with (none: it was not there, so it is added), then rows written whatever is there (upserts).</summary>
internal sealed record MarkedMergeRows(IReadOnlyList<MergedRow> Merged, IReadOnlyList<TableEntity> Upserts);

/// <summary>A row as merged, and the ETag of the row it replaces (null: a new row).</summary>
internal readonly record struct MergedRow(TableEntity Entity, ETag? ReadWith);

using Azure;
using Azure.Data.Tables;

namespace FanRewards.Storage;

/// <summary>
/// Inserts into one table, sent as entity group transactions where inserts into the same partition meet: at most one
/// request per partition is in flight from this instance, and whatever arrived for that partition while it was out
/// leaves together next (up to <see cref="MaxBatch"/>). A lone insert goes out at once as a plain insert, so nothing
/// waits for company; under a burst, a hundred entries cost one request instead of a hundred (the request's HTTP,
/// signing and the service's own handling paid once). Each insert keeps its own outcome: its ETag, or null when the
/// row exists (a transaction that meets an existing row fails whole and names it; the row's caller gets null and the
/// others go out again).
/// </summary>
public sealed class PartitionInsertBatcher(TableClient table)
{
    /// <summary>The service's limit of operations in one entity group transaction.</summary>
    public const int MaxBatch = 100;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, PartitionQueue> _partitions = new(StringComparer.Ordinal);

    /// <summary>The new row's ETag, or null when a row with its keys exists.</summary>
    public async Task<string?> InsertAsync(TableEntity entity, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var pending = new PendingInsert(entity);
        PartitionQueue queue;
        Joined joined;
        // A queue whose sender found it empty has left the map (so the map holds only partitions with inserts under
        // way, not every partition this instance ever wrote); an insert that still found it there looks again.
        do
        {
            queue = _partitions.GetOrAdd(entity.PartitionKey, static key => new PartitionQueue(key));
            joined = queue.Enqueue(pending);
        }
        while (joined == Joined.Retired);
        if (joined == Joined.MustStartSender)
        {
            // The sender serves everyone's inserts of the partition: it must not carry this caller's context (its
            // trace, its scope) into theirs.
            using (ExecutionContext.SuppressFlow()) _ = Task.Run(() => SendAllAsync(queue), CancellationToken.None);
        }
        // A caller that stops waiting before its insert was taken for sending takes it back: nothing is written that
        // the caller would not know of (what follows an accepted entry, its tallies and its prize, would never run).
        // Once taken, the outcome belongs to the row, and the caller waits for it (the storage client's timeouts
        // bound that wait).
        using (ct.Register(() =>
               {
                   if (queue.TryWithdraw(pending)) pending.Outcome.TrySetCanceled(ct);
               }))
        {
            return await pending.Outcome.Task;
        }
    }

    /// <summary>Sends the partition's queue until it is empty; only one of these runs per partition at a time.</summary>
    private async Task SendAllAsync(PartitionQueue queue)
    {
        while (true)
        {
            var batch = queue.TakeBatch();
            if (batch.Count == 0)
            {
                if (Retire(queue)) return;
                continue; // an insert arrived as the queue emptied: this sender sends it
            }
            try
            {
                if (batch.Count == 1) await SendAloneAsync(batch[0]);
                else await SendTogetherAsync(batch);
            }
            catch (Exception e)
            {
                // Whatever escaped is this batch's outcome; the queue goes on for the others.
                foreach (var pending in batch) pending.Outcome.TrySetException(e);
            }
        }
    }

    /// <summary>Takes an empty queue out of the map; false when an insert arrived meanwhile (the sender goes on).</summary>
    private bool Retire(PartitionQueue queue)
    {
        if (!queue.TryRetire()) return false;
        _partitions.TryRemove(KeyValuePair.Create(queue.Partition, queue));
        return true;
    }

    /// <summary>How many partitions have a queue now: those with inserts under way (a test's window on the trimming).</summary>
    internal int PartitionsHeld => _partitions.Count;

    private async Task SendAloneAsync(PendingInsert pending)
    {
        try
        {
            var response = await table.AddEntityAsync(pending.Entity, CancellationToken.None);
            pending.Outcome.TrySetResult(response.Headers.ETag?.ToString());
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            pending.Outcome.TrySetResult(null);
        }
    }

    private async Task SendTogetherAsync(List<PendingInsert> batch)
    {
        try
        {
            var response = await table.SubmitTransactionAsync(
                batch.Select(p => new TableTransactionAction(TableTransactionActionType.Add, p.Entity)), CancellationToken.None);
            for (var i = 0; i < batch.Count; i++)
                batch[i].Outcome.TrySetResult(response.Value[i].Headers.ETag?.ToString());
        }
        catch (TableTransactionFailedException e) when (e.FailedTransactionActionIndex is { } failed && failed >= 0 && failed < batch.Count)
        {
            // Nothing of the transaction was written: the failed row gets its outcome, the others go alone at once (a
            // burst of repeats, or a transaction sent again after its answer was lost, would otherwise cost one round
            // trip per existing row in a row).
            if (e.Status == 409) batch[failed].Outcome.TrySetResult(null);
            else batch[failed].Outcome.TrySetException(e);
            batch.RemoveAt(failed);
            await Task.WhenAll(batch.Select(SendAloneAsync));
        }
        catch (TableTransactionFailedException)
        {
            // The service did not say which row failed: each goes alone, so that each gets its own outcome.
            await Task.WhenAll(batch.Select(SendAloneAsync));
        }
    }

    /// <summary>One caller's insert and its outcome (a class: the queue finds it by reference).</summary>
    private sealed class PendingInsert(TableEntity entity)
    {
        public TableEntity Entity { get; } = entity;
        public TaskCompletionSource<string?> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private enum Joined { SenderAtWork, MustStartSender, Retired }

    /// <summary>One partition's inserts waiting to go out, and whether a sender is at work on them.</summary>
    private sealed class PartitionQueue(string partition)
    {
        private readonly LinkedList<PendingInsert> _waiting = new();
        private bool _sending;
        private bool _retired;

        public string Partition { get; } = partition;

        /// <summary>Adds the insert, unless the queue has left the map (then the caller must find the partition's new one).</summary>
        public Joined Enqueue(PendingInsert pending)
        {
            lock (_waiting)
            {
                if (_retired) return Joined.Retired;
                _waiting.AddLast(pending);
                if (_sending) return Joined.SenderAtWork;
                _sending = true;
                return Joined.MustStartSender;
            }
        }

        /// <summary>
        /// Marks the queue retired if nothing waits (its sender stops and it leaves the map); false when an insert came
        /// in after the last batch was taken, and the sender must send it.
        /// </summary>
        public bool TryRetire()
        {
            lock (_waiting)
            {
                if (_waiting.Count > 0) return false;
                _sending = false;
                _retired = true;
                return true;
            }
        }

        /// <summary>
        /// The next batch in arrival order, at most <see cref="MaxBatch"/>, no row twice (a transaction may not name a
        /// row twice: the second waits for the next batch, where the first one's row answers it); empty when there is
        /// nothing left (the sender then retires the queue).
        /// </summary>
        public List<PendingInsert> TakeBatch()
        {
            lock (_waiting)
            {
                var batch = new List<PendingInsert>();
                var rows = new HashSet<string>(StringComparer.Ordinal);
                for (var node = _waiting.First; node is not null && batch.Count < MaxBatch;)
                {
                    var next = node.Next;
                    if (rows.Add(node.Value.Entity.RowKey))
                    {
                        batch.Add(node.Value);
                        _waiting.Remove(node);
                    }
                    node = next;
                }
                return batch;
            }
        }

        /// <summary>Takes the insert back if it still waits (not yet taken for sending); true when it did.</summary>
        public bool TryWithdraw(PendingInsert pending)
        {
            lock (_waiting)
            {
                return _waiting.Remove(pending);
            }
        }
    }
}

using System.Collections.Concurrent;

namespace FanRewards.Core.Due;

/// <summary>
/// The rules of the due index, for writers and sweeps alike.
/// <para>
/// Writers mark first: the work a transaction makes due (an outbox event, a claim deadline) lives in the campaign's
/// partition, and a mark in the index's partition cannot join that transaction. So the mark is written before the
/// transaction; a crash in between leaves a mark with nothing behind it, which a sweep finds empty and removes, never
/// work without a mark.
/// </para>
/// <para>
/// Sweeps remove a mark only when its work is done, only if nobody wrote it since it was read (ETag), and only when it
/// was written at least <see cref="DueOptions.SettleTime"/> ago: a transaction that a mark covers may still be in flight
/// when the sweep looks, and must have landed before the mark may go. A transaction slower than half that time writes
/// its marks again when it ends, so even a stalled one is never left without a mark.
/// </para>
/// </summary>
public sealed class DueLedger(IDueIndex index, TimeProvider clock, DueOptions options)
{
    private const int MaxRemembered = 10_000;
    private readonly ConcurrentDictionary<DueMark, DateTimeOffset> _written = new();

    public DueOptions Options => options;

    /// <summary>
    /// Writes the marks (each at most once per <see cref="DueOptions.RemarkAfter"/> on this instance), runs the
    /// transaction that makes their work exist, and writes them again if it took so long that a sweep could have
    /// removed them meanwhile, whether it succeeded or failed (a failure may still have landed).
    /// </summary>
    public async Task<T> RunAsync<T>(IReadOnlyCollection<DueMark> marks, Func<Task<T>> transaction, CancellationToken ct)
    {
        var coveredSince = await MarkAsync(marks, ct);
        try
        {
            return await transaction();
        }
        finally
        {
            if (clock.GetUtcNow() - coveredSince >= options.SettleTime / 2)
                foreach (var mark in marks) await WriteAsync(mark, CancellationToken.None);
        }
    }

    /// <summary>Writes the marks this instance has not written lately; returns the oldest write the marks rely on.</summary>
    public async Task<DateTimeOffset> MarkAsync(IReadOnlyCollection<DueMark> marks, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var coveredSince = now;
        foreach (var mark in marks)
        {
            if (_written.TryGetValue(mark, out var at) && at <= now && now - at < options.RemarkAfter)
            {
                if (at < coveredSince) coveredSince = at;
                continue;
            }
            await WriteAsync(mark, ct);
        }
        return coveredSince;
    }

    /// <summary>The marks of a kind that are due now, earliest first, at most <see cref="DueOptions.MaxPerSweep"/>.</summary>
    public Task<IReadOnlyList<DueEntry>> ListDueAsync(string kind, CancellationToken ct) =>
        index.ListDueAsync(kind, clock.GetUtcNow(), options.MaxPerSweep, ct);

    /// <summary>The time a sweep takes before it looks at a mark's work, to hand to <see cref="SettleAsync"/>.</summary>
    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>
    /// The sweep found the mark's work done, looking at it from <paramref name="inspectedAt"/> on: remove the mark,
    /// unless it was too recent then to be sure that every transaction it covers had landed before the sweep looked
    /// (then the next sweep looks again), or was written again since it was read. Measured from when the sweep looked,
    /// not from now: a slow sweep must not settle a mark whose work landed while it was busy.
    /// </summary>
    public async Task<bool> SettleAsync(DueEntry entry, DateTimeOffset inspectedAt, CancellationToken ct) =>
        inspectedAt - entry.MarkedAt >= options.SettleTime && await index.TryRemoveAsync(entry, ct);

    /// <summary>The mark's work is over for good (its campaign is gone or archived, its step is done): remove it now.</summary>
    public Task<bool> RemoveAsync(DueEntry entry, CancellationToken ct) => index.TryRemoveAsync(entry, ct);

    /// <summary>Whether a queued step's mark should be queued (again): never queued, or queued long enough ago to count as lost.</summary>
    public bool ShouldQueue(DueEntry entry) => entry.QueuedAt is not { } queued || clock.GetUtcNow() - queued >= options.RequeueAfter;

    /// <summary>Records the queueing on the mark; null when another scheduler changed the mark first (it queues instead).</summary>
    public Task<DueEntry?> RecordQueuedAsync(DueEntry entry, CancellationToken ct) => index.TryRecordQueuedAsync(entry, clock.GetUtcNow(), ct);

    private async Task WriteAsync(DueMark mark, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await index.MarkAsync(mark, now, ct);
        // A bounded memory: forgetting only costs a mark written again.
        if (_written.Count >= MaxRemembered) _written.Clear();
        _written[mark] = now;
    }
}

namespace FanRewards.Core.Due;

/// <summary>
/// Where the marks are kept: partitioned by kind and ordered by time, so a sweep reads the marks that are due and
/// nothing else, however many campaigns and awards the history holds.
/// </summary>
public interface IDueIndex
{
    /// <summary>Writes the mark (insert or replace) with <paramref name="markedAt"/>; writing it again only moves that time.</summary>
    Task MarkAsync(DueMark mark, DateTimeOffset markedAt, CancellationToken ct);

    /// <summary>The marks of <paramref name="kind"/> due at or before <paramref name="until"/>, earliest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<DueEntry>> ListDueAsync(string kind, DateTimeOffset until, int max, CancellationToken ct);

    /// <summary>Removes the mark if nobody wrote it since it was read (its ETag); false when it was written again meanwhile.</summary>
    Task<bool> TryRemoveAsync(DueEntry entry, CancellationToken ct);

    /// <summary>Records that the mark's work was queued at <paramref name="at"/>, if the mark is unchanged; the updated entry or null.</summary>
    Task<DueEntry?> TryRecordQueuedAsync(DueEntry entry, DateTimeOffset at, CancellationToken ct);
}

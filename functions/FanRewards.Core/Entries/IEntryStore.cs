namespace FanRewards.Core.Entries;

/// <summary>
/// The entries, partitioned by campaign and bucket (the pseudonym's), keyed "{activityId}:{pseudonym}[:…]": an entrant's
/// rows are their own, so no entity is written by everyone, and a draw shard scans one partition.
/// </summary>
public interface IEntryStore
{
    Task<EntryRecord?> FindAsync(string campaignId, int bucket, string rowKey, CancellationToken ct);

    /// <summary>Inserts the entry and returns its ETag; null when an entry with the same key exists (the de-duplication).</summary>
    Task<string?> TryInsertAsync(EntryRecord entry, CancellationToken ct);

    /// <summary>Replaces the entry if it is still at its <see cref="EntryRecord.ETag"/> and returns the new ETag; null when someone changed it first.</summary>
    Task<string?> TryReplaceAsync(EntryRecord entry, CancellationToken ct);

    /// <summary>
    /// Every entry of an activity, one bucket partition at a time in parallel (the shards of a tally or a draw);
    /// <paramref name="status"/> filters on the server.
    /// </summary>
    IAsyncEnumerable<EntryRecord> ScanActivityAsync(string campaignId, int buckets, string activityId, EntryStatus? status, CancellationToken ct);

    /// <summary>Every entry of an activity in one bucket partition: one shard of a draw.</summary>
    IAsyncEnumerable<EntryRecord> ScanBucketAsync(string campaignId, int bucket, string activityId, CancellationToken ct);

    /// <summary>All entries of one entrant in a campaign: keys "{activityId}:{pseudonym}" and "{activityId}:{pseudonym}:…".</summary>
    Task<IReadOnlyList<EntryRecord>> ListForEntrantAsync(string campaignId, int bucket, string pseudonym,
        IEnumerable<string> activityIds, CancellationToken ct);
}

namespace FanRewards.Core.Retention;

/// <summary>
/// Where a campaign's entrants' personal data sits beside their pseudonyms, and its erasure after the retention period.
/// Each erasure replaces entrant ids with <see cref="Erased"/> and removes texts and sign-up fields, row by row under
/// the row's ETag, skipping rows already erased: run again (a redelivered or crashed sweep) it finishes what is left and
/// changes nothing else. Each returns how many rows it changed. Pseudonyms, weights, entry sets and rankings stay.
/// </summary>
public interface IPersonalDataStore
{
    /// <summary>What an erased entrant id reads as.</summary>
    const string Erased = Entries.EntryRecord.ErasedEntrantId;

    /// <summary>When the campaign's personal data was erased, or null: the record that the erasure is done, once.</summary>
    Task<DateTimeOffset?> FindErasedAsync(string campaignId, CancellationToken ct);

    Task MarkErasedAsync(string campaignId, DateTimeOffset at, CancellationToken ct);

    /// <summary>Every entry of the campaign's bucket partitions: entrant id, message text, sign-up fields.</summary>
    Task<int> EraseEntriesAsync(string campaignId, int buckets, CancellationToken ct);

    /// <summary>A draw's ranked entrants (DrawResults) and its shards' best rows (DrawShards): the entrant ids beside the pseudonyms.</summary>
    Task<int> EraseDrawAsync(string campaignId, string drawId, int shards, CancellationToken ct);

    /// <summary>Disqualifications, keyed by entrant id: re-keyed by pseudonym, reason and who and when kept.</summary>
    Task<int> EraseDisqualificationsAsync(string campaignId, CancellationToken ct);

    /// <summary>Awards' entrant ids and the entrant ids in their outbox events' payloads.</summary>
    Task<int> EraseAwardsAsync(string campaignId, CancellationToken ct);

    /// <summary>The fraud review's entry-time aggregates (pseudonyms, ids and texts beside network signals): deleted whole.</summary>
    Task<int> EraseFraudSignalsAsync(string campaignId, CancellationToken ct);

    /// <summary>Sign-up seats: the holder rows (keyed by entrant id) go, the seat rows lose the entrant id.</summary>
    Task<int> EraseSeatsAsync(string campaignId, IEnumerable<string> activityIds, CancellationToken ct);
}

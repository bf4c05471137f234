using FanRewards.Core.Campaigns;

namespace FanRewards.Core.Entries;

/// <summary>
/// One accepted entry, as the draw and the entrant's own page see it. Kept in the entrant's bucket partition
/// ("{campaignId}:{bucket}") under "{activityId}:{pseudonym}[:{day}][:{candidateId}]", so inserting it is the
/// de-duplication, all of one entrant's entries in a campaign are a few range reads of one partition, and a scan of
/// an activity comes back in pseudonym order, the order the draw's entry set is published in.
/// </summary>
public sealed record EntryRecord
{
    public required string CampaignId { get; init; }
    public required int Bucket { get; init; }
    public required string RowKey { get; init; }
    public required string ActivityId { get; init; }
    public required ActivityKind Kind { get; init; }
    /// <summary>The entrant's id; <see cref="ErasedEntrantId"/> once the campaign's retention period has ended.</summary>
    public required string EntrantId { get; init; }
    public required string Pseudonym { get; init; }
    public required DateTimeOffset AcceptedAt { get; init; }
    /// <summary>Tickets this entry holds in a weighted draw.</summary>
    public int Weight { get; init; } = 1;
    /// <summary>Local day (yyyy-MM-dd in the campaign's zone) for daily activities.</summary>
    public string? Day { get; init; }
    public string? CandidateId { get; init; }
    public string? Text { get; init; }
    /// <summary>message/reflection: pending, approved or rejected; signup: pending, then confirmed or waitlisted.</summary>
    public EntryStatus? Status { get; init; }
    public long? Value { get; init; }
    public IReadOnlyDictionary<string, string>? Fields { get; init; }
    /// <summary>riddle: the encoded <see cref="RiddleProgress"/>.</summary>
    public string? Progress { get; init; }
    public int? Seat { get; init; }
    /// <summary>
    /// When its status was last decided after it was taken (moderation, a seat settled): a draw sealed at a cutoff reads
    /// the status as it stood then. Null for a status set with the entry, and for rows written before it existed (read as
    /// decided before any cutoff).
    /// </summary>
    public DateTimeOffset? DecidedAt { get; init; }
    /// <summary>
    /// Every decision of its status with its time, oldest first, bounded (<see cref="EntryDecisions"/>): what a draw reads
    /// as of its cutoff. Null for rows decided before histories existed, and for entries never decided.
    /// </summary>
    public string? Decisions { get; init; }
    /// <summary>
    /// When storage last wrote the row (its own timestamp, set by the server): no answer in it can be later. Null for a
    /// row not read from storage.
    /// </summary>
    public DateTimeOffset? LastWrittenAt { get; init; }
    /// <summary>Fraud review: keyed hash of the client's network when the entry was taken (<see cref="EntrySignals"/>); erased by retention.</summary>
    public string? NetworkSignal { get; init; }
    /// <summary>Fraud review: keyed hash of the client's user-agent family; erased by retention.</summary>
    public string? AgentSignal { get; init; }
    /// <summary>The storage version read, for an ETag-guarded update; null for a new entry.</summary>
    public string? ETag { get; init; }

    /// <summary>What an entrant id reads as after the retention period erased it (the pseudonym stays).</summary>
    public const string ErasedEntrantId = "";

    public static string Key(string activityId, string pseudonym, params string?[] parts) =>
        string.Join(':', new[] { activityId, pseudonym }.Concat(parts.OfType<string>()));
}

/// <summary>
/// Where an entry stands: a message or reflection is pending until approved or rejected (or approved at once when its
/// activity is not moderated); a sign-up is pending until it has a seat (confirmed) or none (waitlisted).
/// </summary>
public enum EntryStatus { Pending, Approved, Rejected, Confirmed, Waitlisted }

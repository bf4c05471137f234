namespace FanRewards.Core.Due;

/// <summary>The kinds of work the timers find through the due index.</summary>
public static class DueKinds
{
    /// <summary>A campaign has outbox events that may be unpublished (due at once).</summary>
    public const string Outbox = "outbox";
    /// <summary>A campaign has awards whose claim deadline passes at the mark's time.</summary>
    public const string Claim = "claim";
    /// <summary>A campaign has claim contacts whose retention ends at the mark's time.</summary>
    public const string Contacts = "contacts";
    /// <summary>A campaign has new awards that may be waiting for a voucher code (due at once).</summary>
    public const string Vouchers = "vouchers";
    /// <summary>A campaign with top-N activities closes at the mark's time.</summary>
    public const string TopN = "topn";
    /// <summary>A campaign's entrants' personal data is to be deleted at the mark's time (its retention period ends).</summary>
    public const string Retention = "retention";
    /// <summary>
    /// An entrant's likes to withdraw again once every instance's copy of the disqualifications holds them
    /// (<see cref="Figures.LikeWithdrawal"/>); the mark's campaign id is "{campaignId}|{pseudonym}".
    /// </summary>
    public const string LikeWithdrawals = "likes-withdrawn";
    /// <summary>The one-off marking of work from before the index (<see cref="Awards.DueBackfill"/>): its mark says it finished.</summary>
    public const string Backfill = "backfill";
}

/// <summary>
/// "Campaign X has work of this kind due at T." One mark per kind, campaign and time, so writing it again is harmless
/// and a burst of awards writes the same few marks. Times are rounded up to the minute: a sweep runs each minute
/// anyway, and fewer distinct times mean fewer marks.
/// </summary>
public sealed record DueMark(string Kind, string CampaignId, DateTimeOffset DueAt)
{
    /// <summary>The time of work that is due as soon as it exists (outbox events, voucher codes).</summary>
    public static readonly DateTimeOffset AtOnce = DateTimeOffset.UnixEpoch;

    public static DueMark Now(string kind, string campaignId) => new(kind, campaignId, AtOnce);

    public static DueMark At(string kind, string campaignId, DateTimeOffset dueAt) => new(kind, campaignId, RoundUp(dueAt));

    private static DateTimeOffset RoundUp(DateTimeOffset at)
    {
        var ticks = at.UtcTicks;
        var minute = TimeSpan.TicksPerMinute;
        return new DateTimeOffset((ticks + minute - 1) / minute * minute, TimeSpan.Zero);
    }
}

/// <summary>A mark as stored: when it was last written, when its work was last queued, and its ETag.</summary>
public sealed record DueEntry(DueMark Mark, DateTimeOffset MarkedAt, DateTimeOffset? QueuedAt, string ETag);

public sealed record DueOptions
{
    /// <summary>
    /// A mark is removed only when it was last written at least this long ago. A writer marks before its transaction,
    /// so a sweep that reads the mark may run before the transaction lands; waiting this long means every transaction
    /// that the mark covers has landed (or failed) before the sweep looks and removes it.
    /// </summary>
    public TimeSpan SettleTime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long an instance trusts its own recent write of a mark and skips writing it again: a burst of awards in a
    /// campaign costs one mark write per instance per this interval, not one per award. Must be well below
    /// <see cref="SettleTime"/>.
    /// </summary>
    public TimeSpan RemarkAfter { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>A queued step (top N) whose mark is still there this long after it was queued is queued again (a lost message).</summary>
    public TimeSpan RequeueAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How many due marks of a kind one sweep takes; the rest wait for the next sweep.</summary>
    public int MaxPerSweep { get; init; } = 500;
}

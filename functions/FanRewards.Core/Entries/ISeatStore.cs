namespace FanRewards.Core.Entries;

/// <summary>
/// Limited seats as one row per seat: claiming a seat is inserting its row, which storage lets exactly one writer
/// do, so no burst can confirm more sign-ups than there are seats.
/// </summary>
public interface ISeatStore
{
    /// <summary>
    /// The seat number (1-based) the entrant holds, claiming one if they hold none; null when every seat is taken.
    /// However many requests of one entrant arrive at once, they hold at most one seat.
    /// </summary>
    Task<int?> TryClaimAsync(string campaignId, string activityId, int seats, string entrantId, CancellationToken ct);
}

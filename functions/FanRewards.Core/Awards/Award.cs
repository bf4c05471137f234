namespace FanRewards.Core.Awards;

/// <summary>
/// One prize given to one entrant, however it was won (first come, instant, top N, judged, or a draw's winner rank).
/// Kept in the campaign's awards partition with its outbox events, so an award and the event announcing it are one
/// storage operation.
/// </summary>
public sealed record Award
{
    public required string CampaignId { get; init; }
    /// <summary>Stable and unique within the campaign: "{mode}-{prizeId}-{unit or rank}", so a repeated step finds it again.</summary>
    public required string AwardId { get; init; }
    public required string PrizeId { get; init; }
    public required string ActivityId { get; init; }
    public required string Pseudonym { get; init; }
    public required string EntrantId { get; init; }
    /// <summary>How it was won; its wire name starts the award ids of prizes given from stock.</summary>
    public required AwardedBy Mode { get; init; }
    public required DateTimeOffset AwardedAt { get; init; }
    /// <summary>The stock unit (first come, instant) or rank (draw, top N) this award holds.</summary>
    public int? Unit { get; init; }
    /// <summary>The voucher code issued for it, when the prize is a voucher.</summary>
    public string? VoucherCode { get; init; }
    public AwardStatus Status { get; init; } = AwardStatus.Awarded;
    /// <summary>When a prize that needs claiming must be claimed by; it passes to the next alternate after that.</summary>
    public DateTimeOffset? ClaimDeadline { get; init; }
    /// <summary>For a draw: the draw and the rank that won it.</summary>
    public string? DrawId { get; init; }
    public int? Rank { get; init; }
    /// <summary>The award this one replaced (it passed on from there), or the one it passed to.</summary>
    public string? PassedFrom { get; init; }
    public string? PassedTo { get; init; }
    public DateTimeOffset? ClaimedAt { get; init; }
    public string? ETag { get; init; }
}

/// <summary>Where an award stands: awarded, then claimed, or declined or forfeited (unclaimed at the deadline) and passed on.</summary>
public enum AwardStatus { Awarded, Claimed, Declined, Forfeited }

/// <summary>
/// How an award was won (its "mode" on the wire): first come, instant, top N, judged, a draw's winner rank, or a draw's
/// alternate who got the prize a winner declined or forfeited.
/// </summary>
public enum AwardedBy
{
    FirstCome,
    Instant,
    TopN,
    Judged,
    Draw,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("draw-alternate")]
    DrawAlternate,
}

/// <summary>
/// A domain event waiting in the outbox to be published to Service Bus. <see cref="EventId"/> is the Service Bus
/// MessageId, so a message sent twice is recognised downstream as the same one.
/// </summary>
public sealed record OutboxEvent(string CampaignId, string EventId, string Type, DateTimeOffset OccurredAt, string DataJson)
{
    public DateTimeOffset? PublishedAt { get; init; }
}

public static class EventTypes
{
    public const string WinnerAwarded = "winner.awarded";
    public const string VoucherIssued = "voucher.issued";
    public const string PrizeClaimed = "prize.claimed";
    public const string PrizePassedOn = "prize.passed-on";
}

/// <summary>What a first-come attempt on one prize came to: the award given, or nothing (the stock gone, or the entrant a winner already).</summary>
public sealed record StockOutcome(Award? Given, bool AlreadyWon = false)
{
    public static readonly StockOutcome SoldOut = new(Given: null);
    public static readonly StockOutcome Winner = new(Given: null, AlreadyWon: true);
}

public interface IAwardStore
{
    /// <summary>
    /// Gives the entrant one unit of the prize's stock, claiming one of the unit rows 1..<paramref name="stock"/> (one row
    /// per unit, so no single entity is fought over), together with the award, its outbox event and, unless the campaign
    /// allows several wins, the entrant's one-win marker: all one transaction. Nothing given when the stock is gone or
    /// the entrant has already won in this campaign; the outcome says which, so a caller walking several tiers stops at
    /// a winner. What a burst costs must not grow with the number of racers.
    /// </summary>
    Task<StockOutcome> TryAwardFromStockAsync(Award award, int stock, bool oneWinPerEntrant, OutboxEvent awarded, CancellationToken ct);

    /// <summary>Inserts each award with its event in one transaction, unless the award exists (a repeated step finds it done).</summary>
    Task EnsureAwardsAsync(IReadOnlyList<(Award Award, OutboxEvent Event)> awards, CancellationToken ct);

    /// <summary>
    /// Replaces the award if it is still at its ETag, together with its events and, when a prize passes on, the new
    /// award of the next in line: one transaction. False when someone changed it first. A draw's award also moves the
    /// campaign's awards version in the same transaction (see <see cref="FindAwardsVersionAsync"/>).
    /// </summary>
    Task<bool> TryUpdateAsync(Award award, IReadOnlyList<OutboxEvent> events, Award? passedTo, CancellationToken ct);

    Task<Award?> FindAsync(string campaignId, string awardId, CancellationToken ct);

    Task<IReadOnlyList<Award>> ListAsync(string campaignId, CancellationToken ct);
    Task<IReadOnlyList<Award>> ListForEntrantAsync(string campaignId, string pseudonym, CancellationToken ct);
    /// <summary>How many units of the prize are given.</summary>
    Task<int> CountAwardedAsync(string campaignId, string prizeId, CancellationToken ct);

    /// <summary>Whether a step that gives awards once (a top-N activity) has finished in the campaign.</summary>
    Task<bool> IsStepDoneAsync(string campaignId, string step, CancellationToken ct);

    /// <summary>Records that the step has finished, after its awards are written; marking twice is harmless.</summary>
    Task MarkStepDoneAsync(string campaignId, string step, DateTimeOffset at, CancellationToken ct);

    /// <summary>
    /// The campaign's awards version: it changes with every claim or pass of a draw's prize (written in the same
    /// transaction), so a reader learns by one point read whether what it built from the awards is still current.
    /// Empty when no such change was ever made.
    /// </summary>
    Task<string> FindAwardsVersionAsync(string campaignId, CancellationToken ct);
}

public interface IOutbox
{
    /// <summary>
    /// The campaign's events not yet published, oldest first, at most <paramref name="max"/>. Which campaigns to ask
    /// comes from the due index (<see cref="Due.DueKinds.Outbox"/>), never from a scan of every campaign.
    /// </summary>
    Task<IReadOnlyList<OutboxEvent>> ListUnpublishedAsync(string campaignId, int max, CancellationToken ct);
    Task<IReadOnlyList<OutboxEvent>> ListAsync(string campaignId, int max, CancellationToken ct);
    Task MarkPublishedAsync(OutboxEvent published, DateTimeOffset at, CancellationToken ct);
}

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
    /// <summary>
    /// Written already out of play (its entrant won elsewhere first, or was taken out after the seal) and its prize not
    /// passed on yet: nothing may act on it as a win; the step that wrote it brings in the alternate and clears this.
    /// </summary>
    public bool PassPending { get; init; }
    public DateTimeOffset? ClaimedAt { get; init; }
    /// <summary>
    /// When its voucher code was first shown to the winner, recorded before the code leaves the server: from then on the
    /// voucher is theirs (it cannot be declined and passed on with a fresh code while they keep this one).
    /// </summary>
    public DateTimeOffset? CodeShownAt { get; init; }
    public string? ETag { get; init; }
}

/// <summary>
/// Where an award stands: awarded, then claimed, or passed on: declined, forfeited (unclaimed at the deadline), or its
/// winner taken out after the seal (disqualified, the entry that counted rejected, or a prize won elsewhere since).
/// </summary>
public enum AwardStatus { Awarded, Claimed, Declined, Forfeited, Disqualified, Rejected, AlreadyWon }

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

namespace FanRewards.Core.Figures;

/// <summary>
/// What an entrant's withdrawal marker says has left the tallies: the compact ids of the likes withdrawn (see
/// <see cref="LikeWithdrawal.IdOf"/>), or, for a marker written before it held them (<see cref="Ids"/> null), only
/// <see cref="Sequence"/>: the position of the newest like withdrawn, or a chunk counter from before positions.
/// </summary>
public sealed record WithdrawnLikes(long Sequence, IReadOnlySet<long>? Ids)
{
    public static readonly WithdrawnLikes None = new(0, null);
}

/// <summary>
/// One like to take off the tallies: its compact id, its position (acceptance order, kept as the marker's sequence so a
/// reader of positions alone never subtracts it again) and its negative counts (none for a like an old marker already
/// withdrew: it is only recorded).
/// </summary>
public sealed record LikeToWithdraw(long Id, long Position, IReadOnlyList<BoardCount> Counts);

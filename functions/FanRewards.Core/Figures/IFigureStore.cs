namespace FanRewards.Core.Figures;

/// <summary>Where the figures are kept: each campaign's counts, added to by every instance.</summary>
public interface IFigureStore
{
    /// <summary>What one <see cref="AddAsync"/> takes: one storage transaction's worth, less the instance's marker.</summary>
    const int MaxCountsPerAdd = 99;

    /// <summary>
    /// Adds up to <see cref="MaxCountsPerAdd"/> counts to the stored totals, all or nothing, once: an add whose stamp
    /// is not newer than the instance's last one already landed and adds nothing again.
    /// </summary>
    Task AddAsync(string campaignId, FlushStamp stamp, IReadOnlyList<FigureCount> counts, CancellationToken ct);

    Task<IReadOnlyList<FigureCount>> ReadAsync(string campaignId, CancellationToken ct);

    /// <summary>Adds like counts to the leaderboard's stored tallies, all or nothing, once (the same rule as <see cref="AddAsync"/>).</summary>
    Task AddBoardAsync(string campaignId, FlushStamp stamp, IReadOnlyList<BoardCount> counts, CancellationToken ct);

    /// <summary>What the marker of <paramref name="stampSource"/> says is withdrawn (<see cref="LikeWithdrawal"/>); none when there is no marker. One point read.</summary>
    Task<WithdrawnLikes> FindWithdrawnLikesAsync(string campaignId, string stampSource, CancellationToken ct);

    /// <summary>
    /// Adds the counts of the likes the marker of <paramref name="stampSource"/> does not hold yet and records them in it, in
    /// one transaction: a like is subtracted once, however often and by however many instances at once this runs. The
    /// likes' counts come to at most <see cref="MaxCountsPerAdd"/> tallies.
    /// </summary>
    Task WithdrawLikesAsync(string campaignId, string stampSource, IReadOnlyList<LikeToWithdraw> likes, CancellationToken ct);

    /// <summary>An activity's like tallies per candidate: totals when <paramref name="day"/> is null, else that local day's.</summary>
    Task<IReadOnlyList<BoardCount>> ReadBoardAsync(string campaignId, string activityId, string? day, CancellationToken ct);

    /// <summary>
    /// Merges entrants' whole totals into the activity's top list, keeping the best <paramref name="keep"/>: a total
    /// replaces a smaller one of the same entrant, never a larger, so a merge repeated or out of order changes nothing.
    /// </summary>
    Task MergeTopEntrantsAsync(string campaignId, string activityId, IReadOnlyList<EntrantTotal> totals, int keep, CancellationToken ct);

    /// <summary>The activity's top list, best first: total descending, then who reached it first, then the pseudonym.</summary>
    Task<IReadOnlyList<EntrantTotal>> ReadTopEntrantsAsync(string campaignId, string activityId, CancellationToken ct);
}

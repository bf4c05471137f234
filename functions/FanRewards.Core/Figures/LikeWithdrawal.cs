using FanRewards.Core.Campaigns;
using FanRewards.Core.Campaigns.Model;
using FanRewards.Core.Entries;

namespace FanRewards.Core.Figures;

/// <summary>
/// Takes a disqualified entrant's likes off the leaderboard: the tallies their like entries added are subtracted
/// exactly once. The subtraction is an add of negative counts under a stamp of the entrant's own
/// ("withdrawn:{pseudonym}", one sequence number per chunk), which the figure store applies once, with its marker
/// row, in the same transaction as the counts: a retry, a redelivery or two moderators at once subtract nothing twice.
/// Costs one range read per like activity of the entrant's own partition and one transaction per 99 tallies.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001",
    Justification = "A SemaphoreSlim whose wait handle is never asked for holds nothing to release (as EntryFigures' flush lock).")]
public sealed class LikeWithdrawal(IEntryStore entries, IFigureStore figures)
{
    public const string StampPrefix = "withdrawn:";

    /// <summary>
    /// A bulk disqualification withdraws many entrants' likes at once, all from the same few tally rows: one at a time per
    /// instance, so they do not fight over those rows' ETags (the store retries a conflict only so often).
    /// </summary>
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <returns>The like entries withdrawn (on a repeat, the same number; nothing is subtracted again).</returns>
    public async Task<int> WithdrawAsync(Campaign campaign, string pseudonym, CancellationToken ct)
    {
        var likeActivities = campaign.Model.Activities.OfType<LikeActivity>().Select(a => a.Id).ToList();
        if (likeActivities.Count == 0) return 0;
        var likes = (await entries.ListForEntrantAsync(campaign.Id, Pseudonym.BucketOf(pseudonym, campaign.EntryBuckets), pseudonym, likeActivities, ct))
            .Where(e => e is { Kind: ActivityKind.Like, CandidateId: not null }).ToList();
        // The same counts the entry path added (EntryFigures.LikeCounted): the total, and the day's for daily likes.
        var counts = likes.SelectMany(e => e.Day is null
                ? new[] { new BoardCount(e.ActivityId, e.CandidateId ?? "", null, -1) }
                : [new BoardCount(e.ActivityId, e.CandidateId ?? "", null, -1), new BoardCount(e.ActivityId, e.CandidateId ?? "", e.Day, -1)])
            .GroupBy(c => (c.ActivityId, c.CandidateId, c.Day))
            .Select(g => new BoardCount(g.Key.ActivityId, g.Key.CandidateId, g.Key.Day, g.Sum(c => c.Count)))
            .OrderBy(c => c.ActivityId, StringComparer.Ordinal).ThenBy(c => c.CandidateId, StringComparer.Ordinal)
            .ThenBy(c => c.Day, StringComparer.Ordinal).ToList();
        var sequence = 0L;
        await _oneAtATime.WaitAsync(ct);
        try
        {
            foreach (var chunk in counts.Chunk(IFigureStore.MaxCountsPerAdd))
                await figures.AddBoardAsync(campaign.Id, new FlushStamp(StampPrefix + pseudonym, ++sequence), chunk, ct);
        }
        finally
        {
            _oneAtATime.Release();
        }
        return likes.Count;
    }
}

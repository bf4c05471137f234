using FanRewards.Core.Campaigns;
using FanRewards.Core.Campaigns.Model;
using FanRewards.Core.Entries;

namespace FanRewards.Core.Figures;

/// <summary>
/// Takes a disqualified entrant's likes off the leaderboard: the tallies each of their like entries added are
/// subtracted exactly once. The subtraction is an add of negative counts under a stamp of the entrant's own
/// ("withdrawn:{pseudonym}"), which the figure store applies once, with its marker row, in the same transaction as the
/// counts. The likes go in the order they were accepted, each chunk stamped with the position of its newest like (its
/// acceptance time, see <see cref="Positioned"/>), so the marker says up to which like the tallies are withdrawn: a
/// retry, a redelivery or a later run reads it and subtracts only the likes after it, likes that landed after the first
/// run among them (an entrant is refused from a per-instance copy of the disqualifications, up to
/// <see cref="Awards.AwardService.DisqualifiedFreshFor"/> old). Costs one range read per like activity of the entrant's
/// own partition, one point read of the marker and one transaction per 99 tallies.
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

    /// <returns>The like entries withdrawn, now or before (on a repeat, the same number; nothing is subtracted again).</returns>
    public async Task<int> WithdrawAsync(Campaign campaign, string pseudonym, CancellationToken ct)
    {
        var likeActivities = campaign.Model.Activities.OfType<LikeActivity>().Select(a => a.Id).ToList();
        if (likeActivities.Count == 0) return 0;
        var likes = (await entries.ListForEntrantAsync(campaign.Id, Pseudonym.BucketOf(pseudonym, campaign.EntryBuckets), pseudonym, likeActivities, ct))
            .Where(e => e is { Kind: ActivityKind.Like, CandidateId: not null }).ToList();
        var source = StampPrefix + pseudonym;
        await _oneAtATime.WaitAsync(ct);
        try
        {
            var withdrawnUpTo = await figures.FindBoardStampAsync(campaign.Id, source, ct);
            // A marker from before positions held a chunk counter (1..n): that withdrawal took every like it saw, and
            // reading its counter as a position would subtract them all again.
            if (withdrawnUpTo is > 0 and < FirstPosition) return likes.Count;
            foreach (var (newest, counts) in Chunks(Positioned(likes).Where(l => l.Position > withdrawnUpTo)))
                await figures.AddBoardAsync(campaign.Id, new FlushStamp(source, newest), counts, ct);
        }
        finally
        {
            _oneAtATime.Release();
        }
        return likes.Count;
    }

    /// <summary>How many likes of one entrant one tick of acceptance time can tell apart in a position (see <see cref="Positioned"/>).</summary>
    private const int LikesPerTick = 256;

    /// <summary>The position of a like accepted on 2020-01-01: every position is above it, every old chunk counter below.</summary>
    private const long FirstPosition = (637134336000000000L - 621355968000000000L) * LikesPerTick;

    /// <summary>
    /// Each like with its position: its acceptance time in ticks since 1970 times <see cref="LikesPerTick"/>, plus its
    /// place among the entrant's likes of that same tick (by row key). Increasing in the order the likes were accepted,
    /// and fits a stamp's sequence until the year 2084.
    /// </summary>
    private static IEnumerable<(long Position, EntryRecord Like)> Positioned(IEnumerable<EntryRecord> likes) =>
        likes.GroupBy(e => e.AcceptedAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks).OrderBy(g => g.Key).SelectMany(tick =>
            tick.OrderBy(e => e.RowKey, StringComparer.Ordinal).Select((like, i) => i < LikesPerTick
                ? (tick.Key * LikesPerTick + i, like)
                : throw new InvalidOperationException($"More than {LikesPerTick} likes of one entrant accepted in one tick.")));

    /// <summary>
    /// The likes oldest first in chunks of at most <see cref="IFigureStore.MaxCountsPerAdd"/> tallies, each with the
    /// position of its newest like: the stamp the store keeps as its marker once the chunk has landed.
    /// </summary>
    private static IEnumerable<(long Newest, IReadOnlyList<BoardCount> Counts)> Chunks(IEnumerable<(long Position, EntryRecord Like)> likes)
    {
        var chunk = new Dictionary<(string ActivityId, string CandidateId, string? Day), long>();
        var newest = 0L;
        foreach (var (position, like) in likes)
        {
            var counts = CountsOf(like).ToList();
            if (chunk.Count + counts.Count(c => !chunk.ContainsKey((c.ActivityId, c.CandidateId, c.Day))) > IFigureStore.MaxCountsPerAdd)
            {
                yield return (newest, ToCounts(chunk));
                chunk.Clear();
            }
            foreach (var c in counts) chunk[(c.ActivityId, c.CandidateId, c.Day)] = chunk.GetValueOrDefault((c.ActivityId, c.CandidateId, c.Day)) + c.Count;
            newest = position;
        }
        if (chunk.Count > 0) yield return (newest, ToCounts(chunk));
    }

    /// <summary>The same counts the entry path added (EntryFigures.LikeCounted), negated: the total, and the day's for daily likes.</summary>
    private static IEnumerable<BoardCount> CountsOf(EntryRecord like) => like.Day is null
        ? [new BoardCount(like.ActivityId, like.CandidateId ?? "", null, -1)]
        : [new BoardCount(like.ActivityId, like.CandidateId ?? "", null, -1), new BoardCount(like.ActivityId, like.CandidateId ?? "", like.Day, -1)];

    private static List<BoardCount> ToCounts(Dictionary<(string ActivityId, string CandidateId, string? Day), long> chunk) =>
        chunk.Select(c => new BoardCount(c.Key.ActivityId, c.Key.CandidateId, c.Key.Day, c.Value))
            .OrderBy(c => c.ActivityId, StringComparer.Ordinal).ThenBy(c => c.CandidateId, StringComparer.Ordinal).ThenBy(c => c.Day, StringComparer.Ordinal).ToList();
}

using FanRewards.Core.Campaigns;
using FanRewards.Core.Campaigns.Model;
using FanRewards.Core.Due;
using FanRewards.Core.Entries;

namespace FanRewards.Core.Figures;

/// <summary>
/// Takes a disqualified entrant's likes off the leaderboard: the tallies each of their like entries added are
/// subtracted exactly once, whenever the like lands. The subtraction is an add of negative counts that the figure store
/// applies with the entrant's own marker row ("withdrawn:{pseudonym}"), which holds a compact id of every like
/// withdrawn (<see cref="IdOf"/>) and is replaced under its ETag in the same transaction as the counts: a retry, a
/// redelivery, a later run or another instance running at the same moment subtracts only the likes the marker does not
/// hold, likes that landed after the first run among them (an entrant is refused from a per-instance copy of the
/// disqualifications, up to <see cref="Awards.AwardService.DisqualifiedFreshFor"/> old; a like accepted on another
/// instance's clock, or still queued in its insert batcher, may land behind a newer one already withdrawn). Each
/// withdrawal marks a second run in the due index, <see cref="RunAgainAfter"/> later (<see cref="LikeWithdrawalSweep"/>),
/// for the likes of that window. Costs one due mark, and per run one range read per like activity of the entrant's own
/// partition, one point read of the marker and one transaction per 99 tallies not withdrawn yet: nothing on a repeat.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001",
    Justification = "A SemaphoreSlim whose wait handle is never asked for holds nothing to release (as EntryFigures' flush lock).")]
public sealed class LikeWithdrawal(IEntryStore entries, IFigureStore figures, DueLedger due)
{
    public const string StampPrefix = "withdrawn:";

    /// <summary>
    /// A bulk disqualification withdraws many entrants' likes at once, all from the same few tally rows: one at a time per
    /// instance, so they do not fight over those rows' ETags (the store retries a conflict only so often).
    /// </summary>
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>
    /// When the second run comes: after every instance's copy of the disqualifications holds the entrant
    /// (<see cref="Awards.AwardService.DisqualifiedFreshFor"/>, 30 s), and a like accepted just before that has landed (30 s
    /// more). A number of its own: Awards uses Figures, not the other way round (LikeWithdrawalRetryTests checks the sum).
    /// </summary>
    public static readonly TimeSpan RunAgainAfter = TimeSpan.FromSeconds(60);

    /// <summary>Withdraws the entrant's likes, and marks the run again that takes those accepted from an older copy of the disqualifications.</summary>
    /// <returns>The like entries withdrawn, now or before (on a repeat, the same number; nothing is subtracted again).</returns>
    public async Task<int> WithdrawAsync(Campaign campaign, string pseudonym, CancellationToken ct)
    {
        // A campaign without like activities has nothing to withdraw now or later: no mark for the sweep to clear.
        if (!campaign.Model.Activities.OfType<LikeActivity>().Any()) return 0;
        // Marked first: a crash after it leaves a run that finds nothing to do, never a window nobody looks at again.
        await due.MarkAsync([DueMark.At(DueKinds.LikeWithdrawals, $"{campaign.Id}|{pseudonym}", due.Now + RunAgainAfter)], ct);
        return await WithdrawAgainAsync(campaign, pseudonym, ct);
    }

    /// <summary>The campaign id and pseudonym a <see cref="DueKinds.LikeWithdrawals"/> mark names.</summary>
    public static (string CampaignId, string Pseudonym) EntrantOf(DueMark mark)
    {
        var bar = mark.CampaignId.LastIndexOf('|');
        return (mark.CampaignId[..bar], mark.CampaignId[(bar + 1)..]);
    }

    /// <summary>Withdraws the likes the marker does not hold yet, marking nothing (the sweep's run).</summary>
    public async Task<int> WithdrawAgainAsync(Campaign campaign, string pseudonym, CancellationToken ct)
    {
        var likeActivities = campaign.Model.Activities.OfType<LikeActivity>().Select(a => a.Id).ToList();
        if (likeActivities.Count == 0) return 0;
        var likes = (await entries.ListForEntrantAsync(campaign.Id, Pseudonym.BucketOf(pseudonym, campaign.EntryBuckets), pseudonym, likeActivities, ct))
            .Where(e => e is { Kind: ActivityKind.Like, CandidateId: not null }).ToList();
        var source = StampPrefix + pseudonym;
        await _oneAtATime.WaitAsync(ct);
        try
        {
            var withdrawn = await figures.FindWithdrawnLikesAsync(campaign.Id, source, ct);
            var notYet = Positioned(likes).Select(l => (l.Position, l.Like, Id: IdOf(l.Like))).Where(l => withdrawn.Ids?.Contains(l.Id) != true)
                .Select(l => new LikeToWithdraw(l.Id, l.Position, WithdrawnBefore(withdrawn, l.Position) ? [] : CountsOf(l.Like).ToList()));
            foreach (var chunk in Chunks(notYet)) await figures.WithdrawLikesAsync(campaign.Id, source, chunk, ct);
        }
        finally
        {
            _oneAtATime.Release();
        }
        return likes.Count;
    }

    /// <summary>
    /// A like's compact id in its entrant's marker: the first 8 bytes of the SHA-256 of its row key (which names the
    /// activity, the entrant, the day and the candidate). An entrant has at most activities × candidates × days likes:
    /// two of them share an id with a chance of about n²/2⁶⁵, below one in a billion for a hundred thousand likes.
    /// </summary>
    public static long IdOf(EntryRecord like) =>
        BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(like.RowKey)), 0);

    /// <summary>
    /// Whether a marker written before it held ids (<see cref="WithdrawnLikes.Ids"/> null) withdrew the like: a chunk
    /// counter (1..n, from before positions) took every like that run saw, and reading it as a position would subtract
    /// them all again; a position took every like up to it. Such likes are recorded in the marker without counts.
    /// </summary>
    private static bool WithdrawnBefore(WithdrawnLikes withdrawn, long position) =>
        withdrawn is { Ids: null, Sequence: > 0 } && (withdrawn.Sequence < FirstPosition || position <= withdrawn.Sequence);

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

    /// <summary>The likes oldest first in chunks of at most <see cref="IFigureStore.MaxCountsPerAdd"/> tallies: one transaction each.</summary>
    private static IEnumerable<IReadOnlyList<LikeToWithdraw>> Chunks(IEnumerable<LikeToWithdraw> likes)
    {
        var chunk = new List<LikeToWithdraw>();
        var tallies = new HashSet<(string ActivityId, string CandidateId, string? Day)>();
        foreach (var like in likes)
        {
            var added = like.Counts.Select(c => (c.ActivityId, c.CandidateId, c.Day)).Where(t => !tallies.Contains(t)).ToList();
            if (tallies.Count + added.Count > IFigureStore.MaxCountsPerAdd)
            {
                yield return chunk;
                (chunk, tallies) = ([], []);
            }
            chunk.Add(like);
            tallies.UnionWith(like.Counts.Select(c => (c.ActivityId, c.CandidateId, c.Day)));
        }
        if (chunk.Count > 0) yield return chunk;
    }

    /// <summary>The same counts the entry path added (EntryFigures.LikeCounted), negated: the total, and the day's for daily likes.</summary>
    private static IEnumerable<BoardCount> CountsOf(EntryRecord like) => like.Day is null
        ? [new BoardCount(like.ActivityId, like.CandidateId ?? "", null, -1)]
        : [new BoardCount(like.ActivityId, like.CandidateId ?? "", null, -1), new BoardCount(like.ActivityId, like.CandidateId ?? "", like.Day, -1)];
}

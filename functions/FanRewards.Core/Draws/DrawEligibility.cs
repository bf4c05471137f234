using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Campaigns.Model;
using FanRewards.Core.Entries;
using FanRewards.Core.Fairness;

namespace FanRewards.Core.Draws;

/// <summary>
/// The rule that decides whether an entry counts for a draw, and with how many tickets: one ticket per entrant, from
/// their entries in the draw's activities up to its cutoff, not disqualified, not a winner of an earlier draw of the
/// campaign or of a first-come prize (unless the campaign allows several wins), meeting each activity's own rule; the
/// weight is the sum of their activities' weights, at most <see cref="DrawScoring.MaxWeight"/>.
/// </summary>
public sealed partial class DrawEligibility(IEntryStore entries, IDisqualificationStore disqualified, IAwardStore awards, IDrawStore draws)
{
    /// <summary>The eligible entrants of one shard (entry partition), in pseudonym order: the order the entry set is published in.</summary>
    public async IAsyncEnumerable<DrawEntry> EligibleInBucketAsync(Campaign campaign, DrawRecord draw, int bucket,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var definition = campaign.Draws.First(d => d.Id == draw.DrawId);
        var cutoff = CutoffOf(campaign, definition);
        var excluded = await ExcludedAsync(campaign, draw, cutoff, ct);

        // One stream per activity, each in row-key order "{activityId}:{pseudonym}[:…]": merged on the pseudonym, the
        // rows of each entrant arrive together, and the entrants in the order the entry set is published in.
        var activities = definition.Activities;
        var cursors = activities.Select(a => entries.ScanBucketAsync(campaign.Id, bucket, a.Id, ct).GetAsyncEnumerator(ct)).ToList();
        var heads = new PriorityQueue<int, string>(StringComparer.Ordinal);
        try
        {
            for (var i = 0; i < cursors.Count; i++)
                if (await cursors[i].MoveNextAsync()) heads.Enqueue(i, cursors[i].Current.Pseudonym);
            while (heads.TryPeek(out _, out var key))
            {
                EntryRecord? any = null;
                var weight = 0;
                var counted = new HashSet<int>();
                while (heads.TryPeek(out var i, out var next) && next == key)
                {
                    heads.Dequeue();
                    var entry = cursors[i].Current;
                    any = entry;
                    if (entry.AcceptedAt <= cutoff && counted.Add(i) && WeightOf(activities[i], entry, cutoff) is { } w) weight += w;
                    if (await cursors[i].MoveNextAsync()) heads.Enqueue(i, cursors[i].Current.Pseudonym);
                }
                if (any is null || weight == 0 || excluded.Contains(any.Pseudonym)) continue;
                yield return new DrawEntry(any.Pseudonym, Math.Min(DrawScoring.MaxWeight, weight)) { EntrantId = any.EntrantId };
            }
        }
        finally
        {
            foreach (var cursor in cursors) await cursor.DisposeAsync();
        }
    }

    /// <summary>
    /// A draw counts every entry accepted from the opening up to its cutoff. With daily draws each evening's draw
    /// takes everyone who has taken part so far, less the earlier winners, which is how a campaign says "those who
    /// have not won yet keep their chance".
    /// </summary>
    public static DateTimeOffset CutoffOf(Campaign campaign, ScheduledDraw draw) => campaign.DrawCutoff(draw);

    /// <summary>
    /// The disqualified by the cutoff and, unless the campaign allows several wins, whoever has won here already. A later
    /// disqualification leaves the sealed set alone: it takes a winner out at award time, as a recorded pass.
    /// </summary>
    private async Task<HashSet<string>> ExcludedAsync(Campaign campaign, DrawRecord draw, DateTimeOffset cutoff, CancellationToken ct)
    {
        var excluded = (await disqualified.ListAsync(campaign.Id, ct)).Where(d => d.At <= cutoff).Select(d => d.Pseudonym)
            .ToHashSet(StringComparer.Ordinal);
        if (campaign.Model.AllowMultipleWins) return excluded;
        foreach (var earlier in campaign.Draws.TakeWhile(d => d.Id != draw.DrawId))
        {
            // Earlier draws are drawn: a draw only starts once they are (so their rankings are final and kept in memory).
            foreach (var ranked in await draws.ReadRankingAsync(campaign.Id, earlier.Id, ct))
                if (ranked.PrizeId is not null) excluded.Add(ranked.Pseudonym);
        }
        // Prizes already won first come, judged or passed on count too: nobody wins twice in one campaign. Only those
        // won by the cutoff, so that the sealed set does not depend on when the seal scan runs; a prize won after it
        // takes the entrant out at award time, as a recorded pass (DrawEligibility.AfterSeal.cs).
        foreach (var award in await awards.ListAsync(campaign.Id, ct))
            if (award.AwardedAt <= cutoff) excluded.Add(award.Pseudonym);
        return excluded;
    }

    /// <summary>
    /// The tickets one entry holds in a draw fed by its activity, as it stood at the cutoff; null when it does not count.
    /// Riddles count the answers given by the cutoff, however late the draw runs. A message counts unless rejected as it
    /// stood at the cutoff (one still pending counts: a moderation backlog must not cost entrants their chance, nor a slow
    /// approval steer the set); a sign-up counts if confirmed as it stood then. Both read the entry's decision history
    /// (<see cref="EntryDecisions.StatusAt"/>), so a decision after the cutoff changes nothing whenever the scan runs.
    /// </summary>
    internal static int? WeightOf(CampaignActivity activity, EntryRecord entry, DateTimeOffset cutoff) => activity switch
    {
        RiddleActivity riddles when RiddleProgress.Of(entry).AsOf(cutoff).Correct < riddles.MinCorrect => null,
        RiddleActivity { Award: DrawAward { Weighting: Weighting.CorrectAnswers } } =>
            Math.Clamp(RiddleProgress.Of(entry).AsOf(cutoff).Correct, 1, DrawScoring.MaxWeight),
        TextActivity when EntryDecisions.StatusAt(entry, cutoff) == EntryStatus.Rejected => null,
        SignupActivity when EntryDecisions.StatusAt(entry, cutoff) != EntryStatus.Confirmed => null,
        _ => 1,
    };
}

using FanRewards.Core.Campaigns;
using FanRewards.Core.Campaigns.Model;
using FanRewards.Core.Entries;
using FanRewards.Core.Outbox;

namespace FanRewards.Core.Awards;

/// <summary>
/// "The top 500 riddle solvers win": when entries close, each top-N activity's entrants are ranked — most riddles
/// right by the close or most steps, then whoever reached that score first, then the pseudonym — and the first N who have not won elsewhere
/// in the campaign get the prizes, tier by tier. Award ids are the ranks, so a run repeated after a crash writes the
/// same awards again and nothing more. A finished activity is marked done, with however many qualified: fewer
/// qualifiers than prizes means fewer awards, not a step that comes back every minute.
/// </summary>
public sealed class TopNService(ICampaignStore campaigns, IEntryStore entries, IAwardStore awards, TimeProvider clock,
    Due.DueLedger due, VoucherIssuer vouchers, IDisqualificationStore disqualified)
{
    /// <summary>The close of a campaign with top-N activities: what publishing (or an early close) marks in the due index.</summary>
    public static Due.DueMark? CloseMarkOf(Campaign campaign) =>
        campaign.ClosesAt is { } closes && campaign.Model.Activities.Any(a => a.Award is TopNAward)
            ? Due.DueMark.At(Due.DueKinds.TopN, campaign.Id, closes)
            : null;

    private static string StepOf(CampaignActivity activity) => $"topN-{activity.Id}";

    /// <summary>
    /// The top-N activities of campaigns that have closed and are not done yet, found through the due index (a mark at
    /// each such campaign's close): the timer queues one step for each. A campaign's steps are queued once, and again
    /// only if they are still not done <see cref="Due.DueOptions.RequeueAfter"/> later (a lost message); its mark goes
    /// when every activity is done.
    /// </summary>
    public async Task<IReadOnlyList<TopNStep>> FindDueAsync(CancellationToken ct)
    {
        var steps = new List<TopNStep>();
        foreach (var entry in await due.ListDueAsync(Due.DueKinds.TopN, ct))
        {
            var campaign = (await campaigns.FindAsync(entry.Mark.CampaignId, ct))?.Campaign;
            if (campaign is null || campaign.Lifecycle is CampaignLifecycle.Draft or CampaignLifecycle.Archived)
            {
                await due.RemoveAsync(entry, ct);
                continue;
            }
            if (campaign.StatusAt(clock.GetUtcNow()) is not (CampaignStatus.Closed or CampaignStatus.Drawn)) continue;
            var pending = new List<TopNStep>();
            foreach (var activity in campaign.Model.Activities.Where(a => a.Award is TopNAward))
            {
                if (!await awards.IsStepDoneAsync(campaign.Id, StepOf(activity), ct))
                    pending.Add(new TopNStep(campaign.Id, activity.Id));
            }

            if (pending.Count == 0)
            {
                await due.RemoveAsync(entry, ct);
                continue;
            }
            if (due.ShouldQueue(entry) && await due.RecordQueuedAsync(entry, ct) is not null) steps.AddRange(pending);
        }
        return steps;
    }

    /// <summary>One queued step: rank one activity and give its prizes. Running it twice gives the same awards once.</summary>
    public async Task<int> AwardAsync(TopNStep step, CancellationToken ct)
    {
        var campaign = (await campaigns.FindAsync(step.CampaignId, ct))?.Campaign;
        if (campaign?.Model.FindActivity(step.ActivityId) is not { Award: TopNAward topN } activity
            || campaign.StatusAt(clock.GetUtcNow()) is not (CampaignStatus.Closed or CampaignStatus.Drawn))
        {
            return 0;
        }

        return await AwardActivityAsync(campaign, activity, topN, ct);
    }

    private async Task<int> AwardActivityAsync(Campaign campaign, CampaignActivity activity, TopNAward topN, CancellationToken ct)
    {
        // A redelivered step, or the timer's copy of one that finished meanwhile: done means no second scan.
        if (await awards.IsStepDoneAsync(campaign.Id, StepOf(activity), ct)) return 0;
        var existing = await awards.ListAsync(campaign.Id, ct);
        var prefix = $"topN-{activity.Id}-";
        var oneWin = !campaign.Model.AllowMultipleWins;
        // Earlier winners elsewhere in the campaign (unless it allows more wins; a prize that passed on "already-won" was
        // never theirs) and the disqualified are passed over.
        // Whoever holds a place from an earlier run that died before it was done keeps it in the ranking, whatever they
        // won elsewhere since: passing them over would shift every later place onto ids and prizes already given.
        var placed = existing.Where(a => a.AwardId.StartsWith(prefix, StringComparison.Ordinal)).Select(a => a.Pseudonym).ToHashSet(StringComparer.Ordinal);
        var passedOver = oneWin
            ? existing.Where(a => !a.AwardId.StartsWith(prefix, StringComparison.Ordinal) && a.Status != AwardStatus.AlreadyWon && !placed.Contains(a.Pseudonym))
                .Select(a => a.Pseudonym).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);

        // The disqualified too, except a holder of a place (decided after a run that died): as after a whole run, a top-N
        // place is not a draw's prize and stays theirs; passing them over would shift later places onto given ones.
        foreach (var cheat in (await disqualified.ListAsync(campaign.Id, ct)).Where(d => !placed.Contains(d.Pseudonym))) passedOver.Add(cheat.Pseudonym);
        var totals = new Dictionary<string, (long Score, DateTimeOffset Reached, string EntrantId)>(StringComparer.Ordinal);
        var closes = campaign.ClosesAt ?? DateTimeOffset.MaxValue;
        await foreach (var entry in entries.ScanActivityAsync(campaign.Id, campaign.EntryBuckets, activity.Id, null, ct))
        {
            if (entry.AcceptedAt > closes) continue;
            var (score, reached, _) = totals.GetValueOrDefault(entry.Pseudonym);
            var (value, at) = ScoreOf(activity, entry, closes);
            totals[entry.Pseudonym] = (score + value, at > reached ? at : reached, entry.EntrantId);
        }
        // Ranks count every scorer, so an entrant's award id (their rank) is the same in every run of the step, whoever
        // is passed over; the places go to the best-ranked who are not.
        var ranked = totals.Where(t => t.Value.Score > 0)
            .OrderByDescending(t => t.Value.Score).ThenBy(t => t.Value.Reached).ThenBy(t => t.Key, StringComparer.Ordinal)
            .Select((t, i) => new TopNPlace(i + 1, t.Key, t.Value.EntrantId)).Where(p => !passedOver.Contains(p.Pseudonym)).ToList();

        var now = clock.GetUtcNow();
        var places = PrizesOf(campaign, activity, topN);
        var toAward = ranked.Take(places.Count).Select((p, i) => AwardOf(campaign, activity, p, places[i], now)).Select(a => (a, AwardedEvent(a, now))).ToList();
        // Awards given by an earlier run that died before it was done are found (their ids are the ranks) and not counted
        // again; those still awarded are offered again, so a marker that names another award is found now.
        var given = existing.Where(a => a.AwardId.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        var offered = toAward.Concat(given.Where(a => (a.Status == AwardStatus.Awarded || a.PassPending) && toAward.All(t => t.Item1.AwardId != a.AwardId))
            .Select(a => (a, AwardedEvent(a, now)))).ToList();
        // The entrant's one-win marker goes with the award (one transaction), as for every other way of winning: an
        // entrant who won elsewhere meanwhile (a judged pick at the close) is found by it, and their place passes on.
        var wonElsewhere = await awards.EnsureAwardsAsync(offered, oneWinPerEntrant: oneWin, ct);
        var waiting = new Queue<TopNPlace>(ranked.Skip(places.Count).Where(p => given.All(a => a.Pseudonym != p.Pseudonym)));
        var holders = new List<Award>();
        foreach (var (award, _) in offered.Where(a => wonElsewhere.Contains(a.Item1.AwardId)).OrderBy(a => a.Item1.Rank))
        {
            if (await PassPlaceOnAsync(campaign, activity, award.AwardId, waiting, oneWin, ct) is { } holder) holders.Add(holder);
        }
        var fresh = toAward.Count(a => given.All(g => g.AwardId != a.Item1.AwardId)) - wonElsewhere.Count + holders.Count;
        Telemetry.FanRewardsTelemetry.Awarded(Json.WireName.Of(AwardedBy.TopN), Math.Max(0, fresh));
        foreach (var award in toAward.Select(a => a.Item1).Where(a => !wonElsewhere.Contains(a.AwardId)).Concat(holders))
            await vouchers.IssueAsync(campaign, award, ct);
        // Done with whatever qualified, fewer than the prizes or not: the awards above are written, so nothing is lost.
        await awards.MarkStepDoneAsync(campaign.Id, StepOf(activity), now, ct);
        return Math.Max(0, fresh);
    }

    /// <summary>
    /// A top-N award whose entrant had won elsewhere first ends "already-won", and its place goes to the best-ranked
    /// entrant still waiting, whose award takes their marker in the same transaction (one who won elsewhere too is
    /// passed over in turn). Like a draw's prize passing to an alternate, places already given are not reshuffled.
    /// </summary>
    private async Task<Award?> PassPlaceOnAsync(Campaign campaign, CampaignActivity activity, string awardId, Queue<TopNPlace> waiting, bool oneWin,
        CancellationToken ct)
    {
        for (var attempt = 0; attempt < 5 + waiting.Count; attempt++)
        {
            var current = await awards.FindAsync(campaign.Id, awardId, ct);
            // Written out of play by the insert (its pass pending), or by older code awarded; otherwise an earlier run passed it on.
            if (current is not ({ Status: AwardStatus.Awarded } or { PassPending: true })) return null;
            var now = clock.GetUtcNow();
            var next = waiting.TryPeek(out var place) ? AwardOf(campaign, activity, place, current.PrizeId, now) with { PassedFrom = current.AwardId } : null;
            var ended = current with { Status = AwardStatus.AlreadyWon, PassedTo = next?.AwardId, PassPending = false };
            var passedOn = new OutboxEvent(campaign.Id, $"passed-{current.AwardId}", EventTypes.PrizePassedOn, now, System.Text.Json.JsonSerializer.Serialize(new
            {
                campaignId = campaign.Id, fromAwardId = current.AwardId, toAwardId = next?.AwardId, prizeId = current.PrizeId, reason = ended.Status,
                toPseudonym = next?.Pseudonym, toEntrantId = next?.EntrantId, claimDeadline = next?.ClaimDeadline,
            }, Json.FanRewardsJson.Options));
            var write = await awards.TryPassOnAsync(ended, [passedOn], next is null ? [] : [next], oneWin, ct);
            if (write != PassWrite.Changed && next is not null) waiting.Dequeue();
            if (write == PassWrite.Written) return next;
        }
        throw new InvalidOperationException($"Top-N award '{awardId}' of '{campaign.Id}' kept changing while its place passed on; the step runs again.");
    }

    /// <summary>The prize of each place, best first: the activity's prizes in order, each up to its count, N in all.</summary>
    private static List<string> PrizesOf(Campaign campaign, CampaignActivity activity, TopNAward topN)
    {
        var places = new List<string>();
        foreach (var prizeId in topN.PrizeIds)
        {
            var prize = campaign.Model.FindPrize(prizeId)
                        ?? throw new InvalidOperationException($"Top-N activity '{activity.Id}' awards prize '{prizeId}', which campaign '{campaign.Id}' lacks.");
            places.AddRange(Enumerable.Repeat(prizeId, Math.Min(prize.Count, topN.Count - places.Count)));
        }
        return places;
    }

    private static Award AwardOf(Campaign campaign, CampaignActivity activity, TopNPlace place, string prizeId, DateTimeOffset now) => new()
    {
        CampaignId = campaign.Id, AwardId = $"topN-{activity.Id}-{place.Rank:D6}", PrizeId = prizeId, ActivityId = activity.Id, Pseudonym = place.Pseudonym,
        EntrantId = place.EntrantId, Mode = AwardedBy.TopN, AwardedAt = now, Rank = place.Rank,
        ClaimDeadline = campaign.Model.ClaimDeadlineOf(campaign.Model.FindPrize(prizeId)),
    };

    private static OutboxEvent AwardedEvent(Award award, DateTimeOffset now) =>
        new(award.CampaignId, $"awarded-{award.AwardId}", EventTypes.WinnerAwarded, now, "");

    /// <summary>A ranked scorer: their rank among all scorers by the close, and who they are.</summary>
    private sealed record TopNPlace(int Rank, string Pseudonym, string EntrantId);

    /// <summary>
    /// What one entry adds to its entrant's score by the close, and when it got there. Riddles: the answers right by the
    /// close, reached at the answer that made the score (not the first answer of all, which is when the row was made);
    /// other activities: the entry's value, at its acceptance.
    /// </summary>
    private static (long Score, DateTimeOffset Reached) ScoreOf(CampaignActivity activity, EntryRecord entry, DateTimeOffset closes)
    {
        if (activity is not RiddleActivity) return (entry.Value ?? 0, entry.AcceptedAt);
        var score = RiddleProgress.Of(entry).AsOf(closes);
        return (score.Correct, score.ReachedAt ?? entry.AcceptedAt);
    }
}

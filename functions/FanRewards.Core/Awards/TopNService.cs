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
        // Earlier winners elsewhere in the campaign (unless it allows more wins) and the disqualified are passed over.
        var wonElsewhere = campaign.Model.AllowMultipleWins
            ? new HashSet<string>(StringComparer.Ordinal)
            : existing.Where(a => !a.AwardId.StartsWith(prefix, StringComparison.Ordinal)).Select(a => a.Pseudonym).ToHashSet(StringComparer.Ordinal);

        foreach (var cheat in await disqualified.ListAsync(campaign.Id, ct)) wonElsewhere.Add(cheat.Pseudonym);
        var totals = new Dictionary<string, (long Score, DateTimeOffset Reached, string EntrantId)>(StringComparer.Ordinal);
        var closes = campaign.ClosesAt ?? DateTimeOffset.MaxValue;
        await foreach (var entry in entries.ScanActivityAsync(campaign.Id, campaign.EntryBuckets, activity.Id, null, ct))
        {
            if (entry.AcceptedAt > closes) continue;
            var (score, reached, _) = totals.GetValueOrDefault(entry.Pseudonym);
            var (value, at) = ScoreOf(activity, entry, closes);
            totals[entry.Pseudonym] = (score + value, at > reached ? at : reached, entry.EntrantId);
        }
        var ranked = totals.Where(t => t.Value.Score > 0 && !wonElsewhere.Contains(t.Key))
            .OrderByDescending(t => t.Value.Score).ThenBy(t => t.Value.Reached).ThenBy(t => t.Key, StringComparer.Ordinal).ToList();

        var now = clock.GetUtcNow();
        var toAward = new List<(Award, OutboxEvent)>();
        var rank = 0;
        var left = topN.Count;
        foreach (var prizeId in topN.PrizeIds)
        {
            var prize = campaign.Model.FindPrize(prizeId)
                        ?? throw new InvalidOperationException($"Top-N activity '{activity.Id}' awards prize '{prizeId}', which campaign '{campaign.Id}' lacks.");
            for (var unit = 0; unit < Math.Min(prize.Count, left) && rank < ranked.Count; unit++, rank++)
            {
                var (pseudonym, (_, _, entrantId)) = (ranked[rank].Key, ranked[rank].Value);
                var award = new Award
                {
                    CampaignId = campaign.Id, AwardId = $"{prefix}{rank + 1:D6}", PrizeId = prizeId, ActivityId = activity.Id, Pseudonym = pseudonym,
                    EntrantId = entrantId, Mode = AwardedBy.TopN, AwardedAt = now, Rank = rank + 1, ClaimDeadline = campaign.Model.ClaimDeadlineOf(prize),
                };
                toAward.Add((award, new OutboxEvent(campaign.Id, $"awarded-{award.AwardId}", EventTypes.WinnerAwarded, now, "")));
            }
            left -= Math.Min(prize.Count, left);
        }
        // Awards given by an earlier run that died before it was done are found (their ids are the ranks) and not counted again.
        var given = existing.Where(a => a.AwardId.StartsWith(prefix, StringComparison.Ordinal)).Select(a => a.AwardId).ToHashSet(StringComparer.Ordinal);
        // Top N keeps no one-win marker (it never did: its ranks are its own rule), so it writes none.
        await awards.EnsureAwardsAsync(toAward, oneWinPerEntrant: false, ct);
        var fresh = toAward.Count(a => !given.Contains(a.Item1.AwardId));
        Telemetry.FanRewardsTelemetry.Awarded(Json.WireName.Of(AwardedBy.TopN), fresh);
        foreach (var (award, _) in toAward) await vouchers.IssueAsync(campaign, award, ct);
        // Done with whatever qualified, fewer than the prizes or not: the awards above are written, so nothing is lost.
        await awards.MarkStepDoneAsync(campaign.Id, StepOf(activity), now, ct);
        return fresh;
    }

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

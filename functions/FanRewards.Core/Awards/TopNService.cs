using FanRewards.Core.Campaigns;
using FanRewards.Core.Entries;

namespace FanRewards.Core.Awards;

/// <summary>
/// "The top 500 riddle solvers win": when entries close, each top-N activity's entrants are ranked — most riddles
/// right or most steps, then whoever got there first, then the pseudonym — and the first N who have not won elsewhere
/// in the campaign get the prizes, tier by tier. Award ids are the ranks, so a run repeated after a crash writes the
/// same awards again and nothing more.
/// </summary>
public sealed class TopNService(ICampaignStore campaigns, IEntryStore entries, IAwardStore awards, TimeProvider clock,
    VoucherIssuer? vouchers = null, IDisqualificationStore? disqualified = null)
{
    /// <summary>The top-N activities of closed campaigns whose prizes are not all given yet: the timer queues one step for each.</summary>
    public async Task<IReadOnlyList<TopNStep>> FindDueAsync(CancellationToken ct)
    {
        var due = new List<TopNStep>();
        var now = clock.GetUtcNow();
        foreach (var listed in await campaigns.ListAsync(ct))
        {
            if (listed.Campaign.Lifecycle is CampaignLifecycle.Draft or CampaignLifecycle.Archived) continue;
            if (listed.Campaign.StatusAt(now) is not (CampaignStatus.Closed or CampaignStatus.Drawn)) continue;
            var topN = (listed.Campaign.Definition.Activities ?? []).Where(a => a.Award?.Mode == AwardMode.TopN).ToList();
            if (topN.Count == 0) continue;
            var given = await awards.ListAsync(listed.Campaign.Id, ct);
            foreach (var activity in topN)
                if (given.Count(a => a.AwardId.StartsWith($"topN-{activity.Id}-", StringComparison.Ordinal)) < (activity.Award!.Count ?? 0))
                    due.Add(new TopNStep(listed.Campaign.Id, activity.Id!));
        }
        return due;
    }

    /// <summary>One queued step: rank one activity and give its prizes. Running it twice gives the same awards once.</summary>
    public async Task<int> AwardAsync(TopNStep step, CancellationToken ct)
    {
        var campaign = (await campaigns.FindAsync(step.CampaignId, ct))?.Campaign;
        var activity = campaign?.Definition.Activities?.FirstOrDefault(a => a.Id == step.ActivityId && a.Award?.Mode == AwardMode.TopN);
        if (campaign is null || activity is null || campaign.StatusAt(clock.GetUtcNow()) is not (CampaignStatus.Closed or CampaignStatus.Drawn)) return 0;
        return await AwardActivityAsync(campaign, activity, ct);
    }

    /// <summary>Every due activity at once, in this process (tests and tools; the Function App queues them instead).</summary>
    public async Task<int> AwardClosedAsync(CancellationToken ct)
    {
        var awarded = 0;
        var now = clock.GetUtcNow();
        foreach (var listed in await campaigns.ListAsync(ct))
        {
            if (listed.Campaign.Lifecycle is CampaignLifecycle.Draft or CampaignLifecycle.Archived) continue;
            if (listed.Campaign.StatusAt(now) is not (CampaignStatus.Closed or CampaignStatus.Drawn)) continue;
            if (!(listed.Campaign.Definition.Activities ?? []).Any(a => a.Award?.Mode == AwardMode.TopN)) continue;
            var campaign = (await campaigns.FindAsync(listed.Campaign.Id, ct))!.Campaign;
            foreach (var activity in campaign.Definition.Activities!.Where(a => a.Award?.Mode == AwardMode.TopN))
                awarded += await AwardActivityAsync(campaign, activity, ct);
        }
        return awarded;
    }

    private async Task<int> AwardActivityAsync(Campaign campaign, ActivityDefinition activity, CancellationToken ct)
    {
        var existing = await awards.ListAsync(campaign.Id, ct);
        var prefix = $"topN-{activity.Id}-";
        if (existing.Count(a => a.AwardId.StartsWith(prefix, StringComparison.Ordinal)) >= (activity.Award!.Count ?? 0)) return 0;
        // Earlier winners elsewhere in the campaign (unless it allows more wins) and the disqualified are passed over.
        var wonElsewhere = campaign.Definition.AllowMultipleWins == true
            ? new HashSet<string>(StringComparer.Ordinal)
            : existing.Where(a => !a.AwardId.StartsWith(prefix, StringComparison.Ordinal)).Select(a => a.Pseudonym).ToHashSet(StringComparer.Ordinal);

        if (disqualified is not null)
            foreach (var cheat in await disqualified.ListAsync(campaign.Id, ct)) wonElsewhere.Add(cheat.Pseudonym);
        var totals = new Dictionary<string, (long Score, DateTimeOffset Reached, string EntrantId)>(StringComparer.Ordinal);
        await foreach (var entry in entries.ScanActivityAsync(campaign.Id, campaign.EntryBuckets, activity.Id!, null, ct))
        {
            if (campaign.ClosesAt is { } closes && entry.AcceptedAt > closes) continue;
            var (score, reached, _) = totals.GetValueOrDefault(entry.Pseudonym);
            totals[entry.Pseudonym] = (score + (entry.Value ?? 0), entry.AcceptedAt > reached ? entry.AcceptedAt : reached, entry.EntrantId);
        }
        var ranked = totals.Where(t => t.Value.Score > 0 && !wonElsewhere.Contains(t.Key))
            .OrderByDescending(t => t.Value.Score).ThenBy(t => t.Value.Reached).ThenBy(t => t.Key, StringComparer.Ordinal).ToList();

        var now = clock.GetUtcNow();
        var deadline = campaign.Definition.Schedule?.ClaimDeadline is { } d ? CampaignTime.Parse(d, campaign.Zone) : (DateTimeOffset?)null;
        var toAward = new List<(Award, OutboxEvent)>();
        var rank = 0;
        var left = activity.Award.Count ?? 0;
        foreach (var prizeId in activity.Award.PrizeIds ?? [])
        {
            var prize = campaign.Prizes.First(p => p.Id == prizeId);
            for (var unit = 0; unit < Math.Min(prize.Count ?? 0, left) && rank < ranked.Count; unit++, rank++)
            {
                var (pseudonym, (_, _, entrantId)) = (ranked[rank].Key, ranked[rank].Value);
                var award = new Award
                {
                    CampaignId = campaign.Id, AwardId = $"{prefix}{rank + 1:D6}", PrizeId = prizeId, ActivityId = activity.Id!, Pseudonym = pseudonym,
                    EntrantId = entrantId, Mode = "topN", AwardedAt = now, Rank = rank + 1,
                    ClaimDeadline = prize.Kind is PrizeKind.Physical or PrizeKind.Service ? deadline : null,
                };
                toAward.Add((award, new OutboxEvent(campaign.Id, $"awarded-{award.AwardId}", EventTypes.WinnerAwarded, now, "")));
            }
            left -= Math.Min(prize.Count ?? 0, left);
        }
        await awards.EnsureAwardsAsync(toAward, ct);
        Telemetry.FanRewardsTelemetry.Awarded("topN", toAward.Count);
        if (vouchers is not null) foreach (var (award, _) in toAward) await vouchers.IssueAsync(campaign, award, ct);
        return toAward.Count;
    }
}

/// <summary>A queue message: give the top-N prizes of one activity.</summary>
public sealed record TopNStep(string CampaignId, string ActivityId);

namespace FanRewards.Core.Campaigns;

/// <summary>
/// The second level of <see cref="CampaignValidator"/>: publishing demands everything a prize promotion must disclose
/// before it starts (organiser, rules, schedule, prizes and who awards each), and reports every gap at once.
/// </summary>
internal static class CampaignPublishValidator
{
    /// <summary>Everything publishing needs, on top of the draft checks. <paramref name="now"/> rules out a schedule already over.</summary>
    public static void Check(Campaign campaign, PublishPolicy policy, DateTimeOffset now, ValidationErrors errors)
    {
        var d = campaign.Definition;
        CampaignValidator.CheckDraft(d, errors);
        CampaignValidator.CheckRiddles(campaign.Riddles, errors);
        CampaignValidator.CheckCandidates(campaign.Candidates, errors);
        CampaignValidator.CheckPrizes(campaign.Prizes, errors);

        errors.Require(d.Title, "title", CampaignLimits.Title);
        errors.Require(d.Organiser?.Name, "organiser.name", CampaignLimits.OrganiserName);
        errors.Require(d.Organiser?.Contact, "organiser.contact", CampaignLimits.OrganiserContact);
        errors.Require(d.Rules?.EntryConditions, "rules.entryConditions", CampaignLimits.RuleText);
        errors.Require(d.Rules?.AwardMethod, "rules.awardMethod", CampaignLimits.RuleText);
        errors.Require(d.Rules?.ClaimInstructions, "rules.claimInstructions", CampaignLimits.RuleText);
        errors.Require(d.Rules?.Forfeiture, "rules.forfeiture", CampaignLimits.RuleText);

        var prizeIds = campaign.Prizes.Select(p => p.Id).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (campaign.Prizes.Count == 0) errors.Add("prizes", "at-least-one", "At least one prize tier.");
        for (var i = 0; i < campaign.Prizes.Count; i++)
        {
            if (campaign.Prizes[i].ValueYuan > policy.PrizeValueCapYuan)
            {
                errors.Add($"prizes[{i}].valueYuan", "prize-value-over-cap",
                    $"No single prize may be worth more than {policy.PrizeValueCapYuan:0.##} yuan.", ("max", policy.PrizeValueCapYuan));
            }
        }

        var activities = d.Activities ?? [];
        if (activities.Count == 0) errors.Add("activities", "at-least-one", "At least one activity.");
        var awardedPrizes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < activities.Count; i++)
            CheckActivityPublishable(activities[i], $"activities[{i}]", campaign, prizeIds, awardedPrizes, errors);

        CheckSchedulePublishable(campaign, prizeIds, awardedPrizes, now, errors);

        for (var i = 0; i < campaign.Prizes.Count; i++)
        {
            if (campaign.Prizes[i].Id is { } id && !awardedPrizes.Contains(id))
            {
                errors.Add($"prizes[{i}]", "prize-not-awarded",
                    $"Prize '{id}' is awarded by no activity or draw, so entrants cannot know how to win it.", ("prizeId", id));
            }
        }

        CheckItemOwners(campaign, errors);
    }

    private static void CheckActivityPublishable(ActivityDefinition a, string at, Campaign campaign,
        HashSet<string> prizeIds, HashSet<string> awardedPrizes, ValidationErrors errors)
    {
        errors.Require(a.Title, $"{at}.title", CampaignLimits.Title);
        switch (a.Kind)
        {
            case ActivityKind.Riddle:
                var riddles = campaign.Riddles.Count(r => r.ActivityId == a.Id);
                if (riddles == 0) errors.Add($"{at}", "no-riddles", $"Riddle activity '{a.Id}' has no riddles.", ("activityId", a.Id ?? ""));
                else if (a.MinCorrect > riddles) errors.Add($"{at}.minCorrect", "more-than-riddles", $"Only {riddles} riddles exist in this activity.", ("riddles", riddles));
                break;
            case ActivityKind.Like when !campaign.Candidates.Any(c => c.ActivityId == a.Id):
                errors.Add($"{at}", "no-candidates", $"Like activity '{a.Id}' has no candidates.", ("activityId", a.Id ?? ""));
                break;
            case ActivityKind.Signup when a.Seats is null:
                errors.Add($"{at}.seats", "seats-required", "Required: how many seats there are.");
                break;
            case ActivityKind.Checkin when a.DailyCap is null:
                errors.Add($"{at}.dailyCap", "daily-cap-required", "Required: the most one day counts for.");
                break;
        }

        if (a.Award is not { } award)
        {
            errors.Add($"{at}.award", "award-required", "Required: how this activity's prizes are awarded (the entry conditions and award method must be disclosed).");
            return;
        }
        var awardAt = $"{at}.award";
        switch (award.Mode)
        {
            case null:
                errors.Add($"{awardAt}.mode", "required-one-of", "Required: draw, instant, firstCome, topN or judged.",
                    ("options", Json.WireName.All<AwardMode>().ToArray()));
                return;
            case AwardMode.Draw:
                if (award.PrizeIds is { Count: > 0 })
                    errors.Add($"{awardAt}.prizeIds", "draw-prizes-in-schedule", "A draw names its prizes in schedule.draws; leave this out.");
                var feedingDraws = (campaign.Definition.Schedule?.Draws ?? [])
                    .Count(d => d.ActivityIds is null or { Count: 0 } || a.Id is { } id && d.ActivityIds.Contains(id));
                if (feedingDraws == 0)
                {
                    errors.Add($"{awardAt}", "no-draw-scheduled", $"Activity '{a.Id}' awards by draw but no draw is scheduled for it.",
                    ("activityId", a.Id ?? ""));
                }

                return;
            case AwardMode.Instant when award.WinProbability is null:
                errors.Add($"{awardAt}.winProbability", "win-probability-required", "Required for instant win: the chance per entry.");
                break;
            case AwardMode.FirstCome or AwardMode.TopN or AwardMode.Judged when award.Count is null:
                errors.Add($"{awardAt}.count", "winner-count-required", "Required: how many win.");
                break;
        }
        if (award.PrizeIds is not { Count: > 0 })
        {
            errors.Add($"{awardAt}.prizeIds", "prize-tiers-required", "Required: which prize tiers this activity awards.");
            return;
        }
        CheckPrizeReferences(award.PrizeIds, $"{awardAt}.prizeIds", prizeIds, awardedPrizes, errors);
        var stock = campaign.Prizes.Where(p => p.Id is { } id && award.PrizeIds.Contains(id)).Sum(p => (long)(p.Count ?? 0));
        if (award.Count > stock)
        {
            errors.Add($"{awardAt}.count", "more-winners-than-prizes", $"{award.Count} winners but only {stock} prizes.",
            ("winners", award.Count.Value), ("prizes", stock));
        }
    }

    private static void CheckSchedulePublishable(Campaign campaign, HashSet<string> prizeIds, HashSet<string> awardedPrizes,
        DateTimeOffset now, ValidationErrors errors)
    {
        var d = campaign.Definition;
        if (!CampaignTime.TryFindZone(d.TimeZone ?? CampaignTime.DefaultTimeZone, out var zone)) return;
        var s = d.Schedule;
        if (s is null)
        {
            errors.Add("schedule", "schedule-required", "Required: when entries open and close, when prizes are awarded, and the claim deadline.");
            return;
        }
        var opens = CampaignValidator.CheckTime(s.OpensAt, "schedule.opensAt", zone, errors, required: true);
        var closes = CampaignValidator.CheckTime(s.ClosesAt, "schedule.closesAt", zone, errors, required: true);
        var claimDeadline = CampaignValidator.CheckTime(s.ClaimDeadline, "schedule.claimDeadline", zone, errors, required: true);
        if (opens is not null && closes is not null && closes <= opens) errors.Add("schedule.closesAt", "must-be-after", "Must be after opensAt.", ("field", "opensAt"));
        if (closes is not null && closes <= now) errors.Add("schedule.closesAt", "already-past", "Is already past; a campaign cannot be published after it ends.");

        var activities = d.Activities ?? [];
        var drawActivityIds = activities.Where(a => a.Award?.Mode == AwardMode.Draw).Select(a => a.Id).OfType<string>().ToHashSet();
        var draws = s.Draws ?? [];
        var lastAward = closes;
        for (var i = 0; i < draws.Count; i++)
        {
            var draw = draws[i];
            var at = $"schedule.draws[{i}]";
            var drawAt = CampaignValidator.CheckTime(draw.At, $"{at}.at", zone, errors, required: true);
            if (drawAt is not null)
            {
                if (opens is not null && drawAt <= opens) errors.Add($"{at}.at", "must-be-after", "Must be after opensAt.", ("field", "opensAt"));
                if (drawAt <= now) errors.Add($"{at}.at", "already-past", "Is already past.");
                if (lastAward is null || drawAt > lastAward) lastAward = drawAt;
            }
            if (drawActivityIds.Count == 0) errors.Add($"{at}", "draw-has-no-entries", "No activity awards by draw, so this draw has no entries.");
            foreach (var activityId in draw.ActivityIds ?? [])
            {
                if (!drawActivityIds.Contains(activityId))
                {
                    errors.Add($"{at}.activityIds", "not-a-draw-activity", $"'{activityId}' is not an activity that awards by draw.",
                        ("activityId", activityId));
                }
            }

            var cutoff = drawAt is null ? null : closes is not null && closes < drawAt ? closes : drawAt;
            WitnessValidator.CheckPublishable(draw, at, zone, cutoff, errors);
            if (draw.PrizeIds is not { Count: > 0 }) errors.Add($"{at}.prizeIds", "draw-prize-tiers-required", "Required: which prize tiers this draw awards, first prize first.");
            else CheckPrizeReferences(draw.PrizeIds, $"{at}.prizeIds", prizeIds, awardedPrizes, errors);
        }
        if (claimDeadline is not null && lastAward is not null && claimDeadline <= lastAward)
            errors.Add("schedule.claimDeadline", "must-be-after-last-award", "Must be after entries close and after the last draw.");
    }

    private static void CheckPrizeReferences(IReadOnlyList<string> ids, string path, HashSet<string> prizeIds,
        HashSet<string> awardedPrizes, ValidationErrors errors)
    {
        foreach (var id in ids)
        {
            if (!prizeIds.Contains(id)) errors.Add(path, "unknown-prize", $"There is no prize '{id}'.", ("prizeId", id));
            else if (!awardedPrizes.Add(id)) errors.Add(path, "prize-awarded-twice", $"Prize '{id}' is already awarded elsewhere; each tier is awarded one way.", ("prizeId", id));
        }
    }

    private static void CheckItemOwners(Campaign campaign, ValidationErrors errors)
    {
        var kinds = new Dictionary<string, ActivityKind?>(StringComparer.Ordinal);
        foreach (var activity in campaign.Definition.Activities ?? [])
            if (activity.Id is { } id) kinds.TryAdd(id, activity.Kind);
        for (var i = 0; i < campaign.Riddles.Count; i++)
        {
            if (campaign.Riddles[i].ActivityId is { } owner && kinds.GetValueOrDefault(owner) != ActivityKind.Riddle)
            {
                errors.Add($"riddles[{i}].activityId", "not-an-activity-of-kind", $"'{owner}' is not a riddle activity of this campaign.",
                    ("activityId", owner), ("kind", "riddle"));
            }
        }

        for (var i = 0; i < campaign.Candidates.Count; i++)
        {
            if (campaign.Candidates[i].ActivityId is { } owner && kinds.GetValueOrDefault(owner) != ActivityKind.Like)
            {
                errors.Add($"candidates[{i}].activityId", "not-an-activity-of-kind", $"'{owner}' is not a like activity of this campaign.",
                    ("activityId", owner), ("kind", "like"));
            }
        }
    }
}

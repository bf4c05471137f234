using FanRewards.Core.Campaigns.Model;
using FanRewards.Core.Json;

namespace FanRewards.Core.Campaigns;

/// <summary>
/// Two levels of checking. A draft may be incomplete but every value it has must be well-formed, so that it can be
/// stored and shown. Publishing then demands everything a prize promotion must disclose before it starts, and
/// reports every gap at once.
/// </summary>
public static class CampaignValidator
{
    /// <summary>The stored settings must fit one table property (64 KiB, 32,768 UTF-16 characters) with room to spare.</summary>
    public const int MaxSettingsJsonLength = 30_000;

    public static void CheckDraft(CampaignDefinition d, ValidationErrors errors)
    {
        if (System.Text.Json.JsonSerializer.Serialize(d, Json.FanRewardsJson.Options).Length > MaxSettingsJsonLength)
        {
            errors.Add("", "settings-too-large", $"The campaign's settings are too large (more than {MaxSettingsJsonLength} characters of JSON); shorten its texts.",
                ("max", MaxSettingsJsonLength));
        }

        errors.Id(d.Id, "id");
        errors.Limit(d.Title, "title", CampaignLimits.Title);
        errors.Limit(d.Summary, "summary", CampaignLimits.Summary);
        var zone = CheckZone(d.TimeZone, errors);
        errors.Range(d.ContactRetentionDays, "contactRetentionDays", 1, 3650);
        if (d.Organiser is { } o)
        {
            errors.Limit(o.Name, "organiser.name", CampaignLimits.OrganiserName);
            errors.Limit(o.Contact, "organiser.contact", CampaignLimits.OrganiserContact);
        }
        if (d.Rules is { } r)
        {
            errors.Limit(r.EntryConditions, "rules.entryConditions", CampaignLimits.RuleText);
            errors.Limit(r.AwardMethod, "rules.awardMethod", CampaignLimits.RuleText);
            errors.Limit(r.ClaimInstructions, "rules.claimInstructions", CampaignLimits.RuleText);
            errors.Limit(r.Forfeiture, "rules.forfeiture", CampaignLimits.RuleText);
            errors.Limit(r.Notes, "rules.notes", CampaignLimits.RuleText);
        }
        if (d.Schedule is { } s && zone is not null) CheckScheduleShape(s, zone, errors);
        if (d.Activities is { } activities)
        {
            if (activities.Count > CampaignLimits.Activities)
                errors.Add("activities", "too-many", $"At most {CampaignLimits.Activities} activities.", ("max", CampaignLimits.Activities));
            errors.Unique(activities, a => a.Id, "activities", "id");
            for (var i = 0; i < activities.Count; i++) CheckActivityShape(activities[i], $"activities[{i}]", errors);
        }
    }

    public static void CheckRiddles(IReadOnlyList<RiddleDefinition> riddles, ValidationErrors errors, string path = "riddles")
    {
        if (riddles.Count > CampaignLimits.Riddles) errors.Add(path, "too-many", $"At most {CampaignLimits.Riddles} riddles.", ("max", CampaignLimits.Riddles));
        errors.Unique(riddles, r => r.Id, path, "id");
        for (var i = 0; i < riddles.Count; i++)
        {
            var r = riddles[i];
            var at = $"{path}[{i}]";
            errors.Id(r.Id, $"{at}.id");
            errors.Id(r.ActivityId, $"{at}.activityId");
            errors.Require(r.Question, $"{at}.question", CampaignLimits.RiddleQuestion);
            errors.Limit(r.Hint, $"{at}.hint", CampaignLimits.RiddleHint);
            if (r.Answers is not { Count: > 0 })
            {
                errors.Add($"{at}.answers", "at-least-one", "At least one accepted answer.");
            }
            else if (r.Answers.Count > CampaignLimits.RiddleAnswers)
            {
                errors.Add($"{at}.answers", "too-many", $"At most {CampaignLimits.RiddleAnswers} answers.", ("max", CampaignLimits.RiddleAnswers));
            }
            else
            {
                for (var j = 0; j < r.Answers.Count; j++)
                    errors.Require(r.Answers[j], $"{at}.answers[{j}]", CampaignLimits.ShortText);
            }
        }
    }

    public static void CheckCandidates(IReadOnlyList<CandidateDefinition> candidates, ValidationErrors errors, string path = "candidates")
    {
        if (candidates.Count > CampaignLimits.Candidates) errors.Add(path, "too-many", $"At most {CampaignLimits.Candidates} candidates.", ("max", CampaignLimits.Candidates));
        errors.Unique(candidates, c => c.Id, path, "id");
        for (var i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i];
            var at = $"{path}[{i}]";
            errors.Id(c.Id, $"{at}.id");
            errors.Id(c.ActivityId, $"{at}.activityId");
            errors.Require(c.Name, $"{at}.name", CampaignLimits.ShortText);
            errors.Limit(c.Description, $"{at}.description", CampaignLimits.Description);
        }
    }

    public static void CheckPrizes(IReadOnlyList<PrizeDefinition> prizes, ValidationErrors errors, string path = "prizes")
    {
        if (prizes.Count > CampaignLimits.Prizes) errors.Add(path, "too-many", $"At most {CampaignLimits.Prizes} prize tiers.", ("max", CampaignLimits.Prizes));
        errors.Unique(prizes, p => p.Id, path, "id");
        for (var i = 0; i < prizes.Count; i++)
        {
            var p = prizes[i];
            var at = $"{path}[{i}]";
            errors.Id(p.Id, $"{at}.id");
            errors.Require(p.Name, $"{at}.name", CampaignLimits.ShortText);
            if (p.Kind is null)
            {
                errors.Add($"{at}.kind", "required-one-of", "Required: physical, voucher or service.",
                ("options", WireName.All<PrizeKind>().ToArray()));
            }

            if (p.ValueYuan is null) errors.Add($"{at}.valueYuan", "prize-value-required", "Required: the value of one prize in yuan.");
            else if (p.ValueYuan < 0 || decimal.Round(p.ValueYuan.Value, 2) != p.ValueYuan)
                errors.Add($"{at}.valueYuan", "invalid-yuan", "Must be zero or more, in yuan with at most two decimals.");
            if (p.Count is null) errors.Add($"{at}.count", "prize-count-required", "Required: how many of this prize there are.");
            else errors.Range(p.Count, $"{at}.count", 1, CampaignLimits.PrizeCount);
            errors.Limit(p.Description, $"{at}.description", CampaignLimits.Description);
        }
    }

    /// <summary>Everything publishing needs, on top of the draft checks. <paramref name="now"/> rules out a schedule already over.</summary>
    public static void CheckPublishable(Campaign campaign, PublishPolicy policy, DateTimeOffset now, ValidationErrors errors)
    {
        var d = campaign.Definition;
        CheckDraft(d, errors);
        CheckRiddles(campaign.Riddles, errors);
        CheckCandidates(campaign.Candidates, errors);
        CheckPrizes(campaign.Prizes, errors);

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

    private static TimeZoneInfo? CheckZone(string? timeZone, ValidationErrors errors)
    {
        if (CampaignTime.TryFindZone(timeZone ?? CampaignTime.DefaultTimeZone, out var zone)) return zone;
        errors.Add("timeZone", "invalid-time-zone", "Must be an IANA time zone id such as Asia/Shanghai.");
        return null;
    }

    private static void CheckScheduleShape(ScheduleDefinition s, TimeZoneInfo zone, ValidationErrors errors)
    {
        CheckTime(s.OpensAt, "schedule.opensAt", zone, errors, required: false);
        CheckTime(s.ClosesAt, "schedule.closesAt", zone, errors, required: false);
        CheckTime(s.ClaimDeadline, "schedule.claimDeadline", zone, errors, required: false);
        var draws = s.Draws ?? [];
        if (draws.Count > CampaignLimits.Draws) errors.Add("schedule.draws", "too-many", $"At most {CampaignLimits.Draws} draws.", ("max", CampaignLimits.Draws));
        errors.Unique(draws, x => x.Id, "schedule.draws", "id");
        for (var i = 0; i < draws.Count; i++)
        {
            var draw = draws[i];
            var at = $"schedule.draws[{i}]";
            errors.Id(draw.Id, $"{at}.id");
            CheckTime(draw.At, $"{at}.at", zone, errors, required: false);
            CheckIdList(draw.ActivityIds, $"{at}.activityIds", errors);
            CheckIdList(draw.PrizeIds, $"{at}.prizeIds", errors);
            errors.Range(draw.Alternates, $"{at}.alternates", 0, CampaignLimits.Alternates);
        }
    }

    private static void CheckActivityShape(ActivityDefinition a, string at, ValidationErrors errors)
    {
        errors.Id(a.Id, $"{at}.id");
        if (a.Kind is null)
        {
            errors.Add($"{at}.kind", "required-one-of", "Required: riddle, like, message, reflection, signup or checkin.",
            ("options", WireName.All<ActivityKind>().ToArray()));
        }

        errors.Limit(a.Title, $"{at}.title", CampaignLimits.Title);
        errors.Limit(a.Description, $"{at}.description", CampaignLimits.Summary);

        // Settings that belong to another kind are refused rather than ignored: an admin who set "seats" on a
        // message activity expects it to mean something.
        OnlyFor(a, a.AttemptLimit, "attemptLimit", at, errors, ActivityKind.Riddle);
        OnlyFor(a, a.MinCorrect, "minCorrect", at, errors, ActivityKind.Riddle);
        OnlyFor(a, a.LikesPer, "likesPer", at, errors, ActivityKind.Like);
        OnlyFor(a, a.MinLength, "minLength", at, errors, ActivityKind.Message, ActivityKind.Reflection);
        OnlyFor(a, a.MaxLength, "maxLength", at, errors, ActivityKind.Message, ActivityKind.Reflection);
        OnlyFor(a, a.Moderated, "moderated", at, errors, ActivityKind.Message, ActivityKind.Reflection);
        OnlyFor(a, a.Seats, "seats", at, errors, ActivityKind.Signup);
        OnlyFor(a, a.Fields, "fields", at, errors, ActivityKind.Signup);
        OnlyFor(a, a.DailyCap, "dailyCap", at, errors, ActivityKind.Checkin);
        OnlyFor(a, a.Unit, "unit", at, errors, ActivityKind.Checkin);

        errors.Range(a.AttemptLimit, $"{at}.attemptLimit", 1, CampaignLimits.AttemptLimit);
        errors.Range(a.MinCorrect, $"{at}.minCorrect", 0, CampaignLimits.Riddles);
        if (a.LikesPer is not null && !WireName.TryParse<LikesPer>(a.LikesPer, out _))
            errors.Add($"{at}.likesPer", "one-of", "Must be 'day' or 'campaign'.", ("options", WireName.All<LikesPer>().ToArray()));
        errors.Range(a.MinLength, $"{at}.minLength", 0, CampaignLimits.MessageLength);
        errors.Range(a.MaxLength, $"{at}.maxLength", 1, CampaignLimits.MessageLength);
        if (a.MinLength > a.MaxLength) errors.Add($"{at}.minLength", "must-not-exceed", "Must not exceed maxLength.", ("field", "maxLength"));
        errors.Range(a.Seats, $"{at}.seats", 1, CampaignLimits.Seats);
        errors.Range(a.DailyCap, $"{at}.dailyCap", 1, CampaignLimits.DailyCap);
        errors.Limit(a.Unit, $"{at}.unit", 20);
        if (a.Fields is { } fields)
        {
            if (fields.Count > CampaignLimits.SignupFields) errors.Add($"{at}.fields", "too-many", $"At most {CampaignLimits.SignupFields} fields.", ("max", CampaignLimits.SignupFields));
            errors.Unique(fields, f => f.Id, $"{at}.fields", "id");
            for (var i = 0; i < fields.Count; i++)
            {
                var f = fields[i];
                var fieldAt = $"{at}.fields[{i}]";
                errors.Id(f.Id, $"{fieldAt}.id");
                errors.Require(f.Label, $"{fieldAt}.label", CampaignLimits.ShortText);
                if (f.Options is { } options)
                {
                    if (options.Count is 0 or > CampaignLimits.SignupOptions)
                    {
                        errors.Add($"{fieldAt}.options", "options-count", $"From 1 to {CampaignLimits.SignupOptions} options, or none for free text.",
                            ("max", CampaignLimits.SignupOptions));
                    }

                    for (var j = 0; j < options.Count; j++) errors.Require(options[j], $"{fieldAt}.options[{j}]", CampaignLimits.ShortText);
                }
            }
        }
        if (a.Award is { } award)
        {
            var awardAt = $"{at}.award";
            CheckIdList(award.PrizeIds, $"{awardAt}.prizeIds", errors);
            if (award.WinProbability is { } p && (double.IsNaN(p) || p <= 0 || p > 1))
                errors.Add($"{awardAt}.winProbability", "invalid-probability", "Must be more than 0 and at most 1.");
            errors.Range(award.Count, $"{awardAt}.count", 1, CampaignLimits.PrizeCount);
            var weighting = WireName.TryParse<Weighting>(award.Weighting, out var named) ? named : (Weighting?)null;
            if (award.Weighting is not null && weighting is null)
            {
                errors.Add($"{awardAt}.weighting", "one-of", "Must be 'equal' or 'correctAnswers'.",
                    ("options", WireName.All<Weighting>().ToArray()));
            }

            if (weighting == Weighting.CorrectAnswers && a.Kind is not null and not ActivityKind.Riddle)
            {
                errors.Add($"{awardAt}.weighting", "only-for-kinds", "'correctAnswers' applies to riddle activities only.",
                    ("kinds", new[] { WireName.Of(ActivityKind.Riddle) }));
            }
        }
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
                    ("options", WireName.All<AwardMode>().ToArray()));
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
        var opens = CheckTime(s.OpensAt, "schedule.opensAt", zone, errors, required: true);
        var closes = CheckTime(s.ClosesAt, "schedule.closesAt", zone, errors, required: true);
        var claimDeadline = CheckTime(s.ClaimDeadline, "schedule.claimDeadline", zone, errors, required: true);
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
            var drawAt = CheckTime(draw.At, $"{at}.at", zone, errors, required: true);
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

    private static DateTimeOffset? CheckTime(string? text, string path, TimeZoneInfo zone, ValidationErrors errors, bool required)
    {
        if (text is null)
        {
            if (required) errors.Add(path, "required", "Required.");
            return null;
        }
        if (CampaignTime.TryParse(text, zone, out var instant, out var error)) return instant;
        // The shape check already reported a malformed time; don't report it twice when publishing. One code covers
        // both of the parser's reasons (not a date-time, or a local time skipped by daylight saving).
        if (!required) errors.Add(path, "invalid-time", error, ("value", text));
        return null;
    }

    private static void CheckIdList(IReadOnlyList<string>? ids, string path, ValidationErrors errors)
    {
        if (ids is null) return;
        if (ids.Count > CampaignLimits.Prizes) errors.Add(path, "too-many", $"At most {CampaignLimits.Prizes} ids.", ("max", CampaignLimits.Prizes));
        for (var i = 0; i < ids.Count; i++) errors.Id(ids[i], $"{path}[{i}]");
    }

    private static void OnlyFor(ActivityDefinition a, object? value, string name, string at, ValidationErrors errors, params ActivityKind[] kinds)
    {
        if (value is not null && a.Kind is { } kind && !kinds.Contains(kind))
        {
            var kindNames = kinds.Select(k => k.ToString().ToLowerInvariant()).ToArray();
            errors.Add($"{at}.{name}", "only-for-kinds", $"Applies to {string.Join(" and ", kindNames)} activities only.", ("kinds", kindNames));
        }
    }
}

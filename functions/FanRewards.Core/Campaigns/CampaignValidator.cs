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
        FraudReviewValidator.Check(d.FraudReview, errors);
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
    public static void CheckPublishable(Campaign campaign, PublishPolicy policy, DateTimeOffset now, ValidationErrors errors) =>
        CampaignPublishValidator.Check(campaign, policy, now, errors);

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
            errors.Limit(draw.Name, $"{at}.name", CampaignLimits.DrawName);
            CheckTime(draw.At, $"{at}.at", zone, errors, required: false);
            CheckIdList(draw.ActivityIds, $"{at}.activityIds", errors);
            CheckIdList(draw.PrizeIds, $"{at}.prizeIds", errors);
            errors.Range(draw.Alternates, $"{at}.alternates", 0, CampaignLimits.Alternates);
            WitnessValidator.CheckDraft(draw, at, zone, errors);
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

    /// <summary>The time in the campaign's zone; a malformed one is reported by the draft check only.</summary>
    internal static DateTimeOffset? CheckTime(string? text, string path, TimeZoneInfo zone, ValidationErrors errors, bool required)
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

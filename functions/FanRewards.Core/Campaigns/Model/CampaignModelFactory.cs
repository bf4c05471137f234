using FanRewards.Core.Json;

namespace FanRewards.Core.Campaigns.Model;

/// <summary>
/// Reads the wire form into <see cref="CampaignModel"/>: every default of a campaign is applied here and nowhere else.
/// What validation requires even of a draft (ids, kinds, a riddle's question and answers, a prize's kind, value and
/// count) is taken as given, and its absence reported as a corrupt campaign rather than guessed.
/// </summary>
internal static class CampaignModelFactory
{
    public static CampaignModel Build(CampaignDefinition definition, IReadOnlyList<RiddleDefinition> riddles,
        IReadOnlyList<CandidateDefinition> candidates, IReadOnlyList<PrizeDefinition> prizes)
    {
        var id = Required(definition.Id, "campaign", "id");
        var zone = ZoneOf(definition.TimeZone, id);
        var typedRiddles = riddles.Select(r => ReadRiddle(r, id)).ToList();
        var typedCandidates = candidates.Select(c => ReadCandidate(c, id)).ToList();
        var activities = (definition.Activities ?? []).Select(a => ReadActivity(a, id, typedRiddles, typedCandidates)).ToList();
        var organiser = definition.Organiser;
        var rules = definition.Rules;
        return new CampaignModel
        {
            Id = id,
            Zone = zone,
            Title = definition.Title,
            Summary = definition.Summary,
            MembersOnly = definition.MembersOnly ?? false,
            AllowMultipleWins = definition.AllowMultipleWins ?? false,
            FourEyes = definition.FourEyes ?? true,
            Organiser = new Organiser(organiser?.Name, organiser?.Contact),
            Rules = new PromotionRules(rules?.EntryConditions, rules?.AwardMethod, rules?.ClaimInstructions, rules?.Forfeiture, rules?.Notes),
            ContactRetentionDays = definition.ContactRetentionDays ?? CampaignModel.DefaultContactRetentionDays,
            Schedule = ReadSchedule(definition.Schedule, zone, activities, id),
            FraudReview = FraudThresholds.From(definition.FraudReview),
            Activities = activities,
            Riddles = typedRiddles,
            Candidates = typedCandidates,
            Prizes = prizes.Select(p => ReadPrize(p, id)).ToList(),
        };
    }

    /// <summary>The campaign's zone: the one it names, Asia/Shanghai when it names none.</summary>
    public static TimeZoneInfo ZoneOf(string? timeZone, string campaignId) =>
        CampaignTime.TryFindZone(timeZone ?? CampaignTime.DefaultTimeZone, out var zone)
            ? zone
            : throw Corrupt(campaignId, $"time zone '{timeZone}' was accepted by validation but is unknown");

    private static CampaignActivity ReadActivity(ActivityDefinition a, string campaignId, IReadOnlyList<Riddle> riddles,
        IReadOnlyList<Candidate> candidates)
    {
        var id = Required(a.Id, "activity", "id", campaignId);
        var kind = Required(a.Kind, $"activity '{id}'", "kind", campaignId);
        var award = ReadAward(a.Award, campaignId);
        return kind switch
        {
            ActivityKind.Riddle => new RiddleActivity(id, a.Title, a.Description, award,
                a.AttemptLimit ?? RiddleActivity.DefaultAttemptLimit, a.MinCorrect ?? RiddleActivity.DefaultMinCorrect,
                riddles.Where(r => r.ActivityId == id).ToList()),
            ActivityKind.Like => new LikeActivity(id, a.Title, a.Description, award,
                a.LikesPer is { } per ? Parse<LikesPer>(per, campaignId) : LikesPer.Day, candidates.Where(c => c.ActivityId == id).ToList()),
            ActivityKind.Message or ActivityKind.Reflection => new TextActivity(id, a.Title, a.Description, award, kind,
                Math.Max(1, a.MinLength ?? 1), a.MaxLength ?? TextActivity.DefaultMaxLength, a.Moderated ?? false),
            // Seats and a daily cap are required to publish; a draft without them has none yet.
            ActivityKind.Signup => new SignupActivity(id, a.Title, a.Description, award, a.Seats ?? 0,
                (a.Fields ?? []).Select(f => new SignupField(Required(f.Id, $"a field of activity '{id}'", "id", campaignId),
                    Required(f.Label, $"field '{f.Id}' of activity '{id}'", "label", campaignId), f.Options, f.Required ?? false)).ToList()),
            ActivityKind.Checkin => new CheckinActivity(id, a.Title, a.Description, award, a.DailyCap ?? 0, a.Unit),
            _ => throw Corrupt(campaignId, $"activity '{id}' is of kind {kind}, which has no model"),
        };
    }

    /// <summary>The typed rule of an activity's award; null while a draft has no award or no mode yet.</summary>
    private static AwardRule? ReadAward(AwardDefinition? award, string campaignId)
    {
        if (award?.Mode is not { } mode) return null;
        var tiers = award.PrizeIds ?? [];
        // A count or probability is required to publish; a draft without one awards nothing yet.
        return mode switch
        {
            AwardMode.Draw => new DrawAward(award.Weighting is { } weighting ? Parse<Weighting>(weighting, campaignId) : Weighting.Equal),
            AwardMode.Instant => new InstantAward(award.WinProbability ?? 0, award.Count ?? int.MaxValue, tiers),
            AwardMode.FirstCome => new FirstComeAward(award.Count ?? 0, tiers),
            AwardMode.TopN => new TopNAward(award.Count ?? 0, tiers),
            AwardMode.Judged => new JudgedAward(award.Count ?? 0, tiers),
            _ => throw Corrupt(campaignId, $"award mode {mode} has no rule"),
        };
    }

    private static CampaignSchedule ReadSchedule(ScheduleDefinition? schedule, TimeZoneInfo zone, IReadOnlyList<CampaignActivity> activities,
        string campaignId)
    {
        DateTimeOffset? Time(string? text, string what) =>
            text is null ? null
            : CampaignTime.TryParse(text, zone, out var instant, out var error) ? instant
            : throw Corrupt(campaignId, $"{what} '{text}' was accepted by validation but does not read: {error}");

        var draws = (schedule?.Draws ?? []).Select(d =>
        {
            var id = Required(d.Id, "draw", "id", campaignId);
            var fedBy = activities.Where(a => a.Award is DrawAward && (d.ActivityIds is null or { Count: 0 } || d.ActivityIds.Contains(a.Id))).ToList();
            var witnesses = (d.Witnesses ?? []).Select(w => new Witness(Required(w.Id, $"a witness of draw '{id}'", "id", campaignId),
                Required(w.Name, $"witness '{w.Id}' of draw '{id}'", "name", campaignId), w.Commitment)).ToList();
            return new ScheduledDraw(id, Time(d.At, $"draw '{id}' at"), d.ActivityIds, fedBy, d.PrizeIds ?? [], d.Alternates ?? 0, witnesses,
                Time(d.RevealBy, $"draw '{id}' revealBy"))
            { Name = string.IsNullOrWhiteSpace(d.Name) ? null : d.Name.Trim() };
        }).ToList();
        return new CampaignSchedule(Time(schedule?.OpensAt, "opensAt"), Time(schedule?.ClosesAt, "closesAt"),
            Time(schedule?.ClaimDeadline, "claimDeadline"), draws);
    }

    private static Riddle ReadRiddle(RiddleDefinition r, string campaignId)
    {
        var id = Required(r.Id, "riddle", "id", campaignId);
        var what = $"riddle '{id}'";
        return new Riddle(id, Required(r.ActivityId, what, "activityId", campaignId), Required(r.Question, what, "question", campaignId), r.Hint,
            Required(r.Answers, what, "answers", campaignId));
    }

    private static Candidate ReadCandidate(CandidateDefinition c, string campaignId)
    {
        var id = Required(c.Id, "candidate", "id", campaignId);
        var what = $"candidate '{id}'";
        return new Candidate(id, Required(c.ActivityId, what, "activityId", campaignId), Required(c.Name, what, "name", campaignId), c.Description);
    }

    private static PrizeTier ReadPrize(PrizeDefinition p, string campaignId)
    {
        var id = Required(p.Id, "prize", "id", campaignId);
        var what = $"prize '{id}'";
        return new PrizeTier(id, Required(p.Name, what, "name", campaignId), Required(p.Kind, what, "kind", campaignId),
            Required(p.ValueYuan, what, "valueYuan", campaignId), Required(p.Count, what, "count", campaignId), p.Description);
    }

    private static TEnum Parse<TEnum>(string text, string campaignId) where TEnum : struct, Enum =>
        WireName.TryParse<TEnum>(text, out var value)
            ? value
            : throw Corrupt(campaignId, $"'{text}' was accepted by validation but is not a {typeof(TEnum).Name}");

    private static T Required<T>(T? value, string what, string field, string campaignId = "") where T : class =>
        value ?? throw Corrupt(campaignId, $"{what} has no {field}, which validation requires");

    private static T Required<T>(T? value, string what, string field, string campaignId = "") where T : struct =>
        value ?? throw Corrupt(campaignId, $"{what} has no {field}, which validation requires");

    private static InvalidOperationException Corrupt(string campaignId, string problem) =>
        new($"Campaign '{campaignId}' cannot be read: {problem}.");
}

namespace FanRewards.Core.Campaigns.Model;

/// <summary>
/// A campaign as the services run it: typed activities with their award rules, prize tiers, riddles and candidates,
/// the schedule as instants in the campaign's zone, every default applied. <see cref="From"/> builds it from the wire
/// form (what an admin wrote, which validation accepted) and is the one place that reads that form; nothing past it
/// looks at a nullable setting or a string that stands for a choice.
/// </summary>
public sealed class CampaignModel
{
    public const int DefaultContactRetentionDays = 90;

    public required string Id { get; init; }
    public required TimeZoneInfo Zone { get; init; }
    public string? Title { get; init; }
    public string? Summary { get; init; }
    public bool MembersOnly { get; init; }
    /// <summary>True when one entrant may win more than one prize in this campaign.</summary>
    public bool AllowMultipleWins { get; init; }
    /// <summary>Publishing and running a draw by hand take a second person's approval (on unless switched off).</summary>
    public bool FourEyes { get; init; } = true;
    public required Organiser Organiser { get; init; }
    public required PromotionRules Rules { get; init; }
    /// <summary>Days winners' contact details are kept after their claim deadline, then deleted.</summary>
    public int ContactRetentionDays { get; init; } = DefaultContactRetentionDays;
    public required CampaignSchedule Schedule { get; init; }
    /// <summary>When fraud review calls entries suspicious.</summary>
    public FraudThresholds FraudReview { get; init; } = FraudThresholds.Default;
    /// <summary>The activities in the order they were written.</summary>
    public required IReadOnlyList<CampaignActivity> Activities { get; init; }
    /// <summary>Every riddle, as written; a published campaign's all belong to its riddle activities.</summary>
    public required IReadOnlyList<Riddle> Riddles { get; init; }
    /// <summary>Every candidate, as written; a published campaign's all belong to its like activities.</summary>
    public required IReadOnlyList<Candidate> Candidates { get; init; }
    public required IReadOnlyList<PrizeTier> Prizes { get; init; }

    /// <summary>Builds the model of a campaign whose definition and items passed validation (a draft's at least).</summary>
    /// <exception cref="InvalidOperationException">Something validation requires is missing: the stored campaign is corrupt.</exception>
    public static CampaignModel From(CampaignDefinition definition, IReadOnlyList<RiddleDefinition> riddles,
        IReadOnlyList<CandidateDefinition> candidates, IReadOnlyList<PrizeDefinition> prizes) =>
        CampaignModelFactory.Build(definition, riddles, candidates, prizes);

    /// <summary>The zone a definition's times are read in: the one it names, Asia/Shanghai when it names none.</summary>
    public static TimeZoneInfo ZoneOf(CampaignDefinition definition) => CampaignModelFactory.ZoneOf(definition.TimeZone, definition.Id ?? "");

    public CampaignActivity? FindActivity(string activityId) => Activities.FirstOrDefault(a => a.Id == activityId);

    public PrizeTier? FindPrize(string prizeId) => Prizes.FirstOrDefault(p => p.Id == prizeId);

    /// <summary>A draw's display name, for every view that carries its id; null for a draw with none (or no draw id).</summary>
    public string? DrawNameOf(string? drawId) => drawId is null ? null : Schedule.Draws.FirstOrDefault(d => d.Id == drawId)?.Name;

    /// <summary>A riddle with the activity it belongs to; null for an unknown id (or, in a draft, a riddle of no riddle activity).</summary>
    public (RiddleActivity Activity, Riddle Riddle)? FindRiddle(string riddleId)
    {
        foreach (var activity in Activities.OfType<RiddleActivity>())
            if (activity.Riddles.FirstOrDefault(r => r.Id == riddleId) is { } riddle) return (activity, riddle);
        return null;
    }

    /// <summary>A candidate with the activity it belongs to; null for an unknown id.</summary>
    public (LikeActivity Activity, Candidate Candidate)? FindCandidate(string candidateId)
    {
        foreach (var activity in Activities.OfType<LikeActivity>())
            if (activity.Candidates.FirstOrDefault(c => c.Id == candidateId) is { } candidate) return (activity, candidate);
        return null;
    }

    /// <summary>When a prize of this tier must be claimed by: the campaign's claim deadline for a prize that needs claiming.</summary>
    public DateTimeOffset? ClaimDeadlineOf(PrizeTier? prize) => prize is { NeedsClaim: true } ? Schedule.ClaimDeadline : null;
}

public sealed record Organiser(string? Name, string? Contact);

/// <summary>The disclosure a prize promotion must publish before it starts; a draft may lack any of it.</summary>
public sealed record PromotionRules(string? EntryConditions, string? AwardMethod, string? ClaimInstructions, string? Forfeiture, string? Notes);

namespace FanRewards.Core.Campaigns;

/// <summary>
/// What an admin writes when creating or editing a campaign (everything but its riddles, candidates and prizes,
/// which are bulk-replaced on their own): the wire form of the API and the seeds, stored as written. Every member is
/// nullable so that validation can report every missing field at once instead of failing on the first. Validation
/// reads it; past validation the services work on the typed <see cref="Model.CampaignModel"/> (<see cref="Campaign.Model"/>),
/// where the defaults are applied, and views echo it back as written.
/// </summary>
public sealed record CampaignDefinition
{
    public string? Id { get; init; }
    public string? Title { get; init; }
    public string? Summary { get; init; }
    /// <summary>IANA time zone id; all local times of the schedule are read in it. Asia/Shanghai when absent.</summary>
    public string? TimeZone { get; init; }
    public ScheduleDefinition? Schedule { get; init; }
    public bool? MembersOnly { get; init; }
    /// <summary>True when one entrant may win more than one prize in this campaign.</summary>
    public bool? AllowMultipleWins { get; init; }
    public OrganiserDefinition? Organiser { get; init; }
    public RulesDefinition? Rules { get; init; }
    public IReadOnlyList<ActivityDefinition>? Activities { get; init; }
    /// <summary>Days winners' contact details are kept after their claim deadline, then deleted (90 when absent).</summary>
    public int? ContactRetentionDays { get; init; }
    /// <summary>Fraud review's thresholds (defaults for what it leaves out, <see cref="Model.FraudThresholds"/>).</summary>
    public FraudReviewDefinition? FraudReview { get; init; }
    /// <summary>
    /// True (also when absent) when publishing and running a draw by hand take two people: one asks, another approves.
    /// </summary>
    public bool? FourEyes { get; init; }
}

public sealed record ScheduleDefinition
{
    /// <summary>Local date-time in the campaign's zone ("2027-02-12T08:00:00"), or an instant with an offset.</summary>
    public string? OpensAt { get; init; }
    public string? ClosesAt { get; init; }
    public IReadOnlyList<DrawDefinition>? Draws { get; init; }
    /// <summary>Winners must claim their prize before this time, or it passes to the next alternate.</summary>
    public string? ClaimDeadline { get; init; }
}

public sealed record DrawDefinition
{
    public string? Id { get; init; }
    /// <summary>What pages call the draw ("元宵节抽奖", at most 40 characters); its id when absent.</summary>
    public string? Name { get; init; }
    public string? At { get; init; }
    /// <summary>Which activities feed this draw; all draw-mode activities when absent.</summary>
    public IReadOnlyList<string>? ActivityIds { get; init; }
    /// <summary>Prize tiers this draw awards, first prize first.</summary>
    public IReadOnlyList<string>? PrizeIds { get; init; }
    /// <summary>How many alternates are ranked after the winners.</summary>
    public int? Alternates { get; init; }
    /// <summary>Witnesses whose revealed secrets the draw's seed mixes in (Trust v2); none when absent.</summary>
    public IReadOnlyList<WitnessDefinition>? Witnesses { get; init; }
    /// <summary>Local time after which an admin may excuse a witness who has not revealed; required with witnesses.</summary>
    public string? RevealBy { get; init; }
}

/// <summary>A draw's witness as the admin enters it: only the commitment (SHA-256 of the witness's secret) is handed over.</summary>
public sealed record WitnessDefinition
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    /// <summary>64 lowercase hex; a draft may leave it out, publishing requires it.</summary>
    public string? Commitment { get; init; }
}

public sealed record OrganiserDefinition
{
    public string? Name { get; init; }
    /// <summary>How entrants reach the organiser about this promotion: phone, email or address.</summary>
    public string? Contact { get; init; }
}

/// <summary>The disclosure a prize promotion must publish before it starts.</summary>
public sealed record RulesDefinition
{
    public string? EntryConditions { get; init; }
    public string? AwardMethod { get; init; }
    public string? ClaimInstructions { get; init; }
    public string? Forfeiture { get; init; }
    public string? Notes { get; init; }
}

public sealed record ActivityDefinition
{
    public string? Id { get; init; }
    public ActivityKind? Kind { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
    public AwardDefinition? Award { get; init; }

    /// <summary>riddle: attempts allowed per riddle (default 3).</summary>
    public int? AttemptLimit { get; init; }
    /// <summary>riddle: riddles an entrant must get right to be eligible for the award (default 1).</summary>
    public int? MinCorrect { get; init; }
    /// <summary>like: "day" (one like per candidate per local day, the default) or "campaign".</summary>
    public string? LikesPer { get; init; }
    /// <summary>message, reflection: text length limits in characters.</summary>
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    /// <summary>message, reflection: entries stay pending until an admin approves them.</summary>
    public bool? Moderated { get; init; }
    /// <summary>signup: confirmed seats; later sign-ups are wait-listed in arrival order.</summary>
    public int? Seats { get; init; }
    public IReadOnlyList<SignupFieldDefinition>? Fields { get; init; }
    /// <summary>checkin: the most one day's value counts for (e.g. 12000 steps).</summary>
    public long? DailyCap { get; init; }
    public string? Unit { get; init; }
}

public sealed record SignupFieldDefinition
{
    public string? Id { get; init; }
    public string? Label { get; init; }
    /// <summary>Allowed values; free text (up to 100 characters) when absent.</summary>
    public IReadOnlyList<string>? Options { get; init; }
    public bool? Required { get; init; }
}

public sealed record AwardDefinition
{
    public AwardMode? Mode { get; init; }
    /// <summary>Prize tiers awarded through this activity (for modes other than draw; a draw names its own).</summary>
    public IReadOnlyList<string>? PrizeIds { get; init; }
    /// <summary>instant: chance of winning per accepted entry, 0 &lt; p ≤ 1.</summary>
    public double? WinProbability { get; init; }
    /// <summary>firstCome / topN: how many win.</summary>
    public int? Count { get; init; }
    /// <summary>draw: "equal" (one ticket each) or "correctAnswers" (one ticket per riddle right).</summary>
    public string? Weighting { get; init; }
}

public enum ActivityKind { Riddle, Like, Message, Reflection, Signup, Checkin }

public enum AwardMode { Draw, Instant, FirstCome, TopN, Judged }

public sealed record RiddleDefinition
{
    public string? Id { get; init; }
    public string? ActivityId { get; init; }
    /// <summary>The riddle text (谜面).</summary>
    public string? Question { get; init; }
    /// <summary>What kind of answer is wanted (谜目), e.g. "打一字".</summary>
    public string? Hint { get; init; }
    /// <summary>Accepted answers (谜底), each in every written form accepted (simplified and traditional). Never sent to clients.</summary>
    public IReadOnlyList<string>? Answers { get; init; }
}

public sealed record CandidateDefinition
{
    public string? Id { get; init; }
    public string? ActivityId { get; init; }
    public string? Name { get; init; }
    public string? Description { get; init; }
}

public sealed record PrizeDefinition
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public PrizeKind? Kind { get; init; }
    /// <summary>Value per prize in yuan (CNY).</summary>
    public decimal? ValueYuan { get; init; }
    public int? Count { get; init; }
    public string? Description { get; init; }
}

/// <summary>physical: shipped or handed over (needs contact details); voucher: a code; service: a booked place or experience.</summary>
public enum PrizeKind { Physical, Voucher, Service }

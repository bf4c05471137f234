namespace FanRewards.Core.Campaigns.Model;

/// <summary>
/// One way to take part, with the settings of its kind and its defaults applied; a closed family (one type per
/// <see cref="ActivityKind"/>, message and reflection sharing <see cref="TextActivity"/>), so code switches on the type,
/// never on a string. <see cref="Award"/> is null only in a draft that has not chosen how prizes are won.
/// </summary>
public abstract record CampaignActivity(string Id, string? Title, string? Description, AwardRule? Award)
{
    public abstract ActivityKind Kind { get; }
}

/// <param name="AttemptLimit">Attempts allowed per riddle.</param>
/// <param name="MinCorrect">Riddles an entrant must get right to be eligible for the award.</param>
/// <param name="Riddles">This activity's riddles, in the order they were written.</param>
public sealed record RiddleActivity(string Id, string? Title, string? Description, AwardRule? Award, int AttemptLimit, int MinCorrect,
    IReadOnlyList<Riddle> Riddles) : CampaignActivity(Id, Title, Description, Award)
{
    public const int DefaultAttemptLimit = 3;
    public const int DefaultMinCorrect = 1;

    public override ActivityKind Kind => ActivityKind.Riddle;
}

/// <param name="Candidates">Who can be liked, in the order they were written.</param>
public sealed record LikeActivity(string Id, string? Title, string? Description, AwardRule? Award, LikesPer LikesPer,
    IReadOnlyList<Candidate> Candidates) : CampaignActivity(Id, Title, Description, Award)
{
    public override ActivityKind Kind => ActivityKind.Like;
}

/// <summary>How often one entrant may like one candidate: once per local day of the campaign, or once in the campaign.</summary>
public enum LikesPer { Day, Campaign }

/// <summary>A message or a reflection: free text within length limits, held for approval when moderated.</summary>
/// <param name="MinLength">Characters at least; never below 1, as an empty text is no entry.</param>
/// <param name="MaxLength">Characters at most.</param>
public sealed record TextActivity(string Id, string? Title, string? Description, AwardRule? Award, ActivityKind TextKind, int MinLength,
    int MaxLength, bool Moderated) : CampaignActivity(Id, Title, Description, Award)
{
    public const int DefaultMaxLength = 500;

    public ActivityKind TextKind { get; } = TextKind is ActivityKind.Message or ActivityKind.Reflection
        ? TextKind
        : throw new ArgumentException($"A text activity is a message or a reflection, not a {TextKind}.", nameof(TextKind));

    public override ActivityKind Kind => TextKind;
}

/// <param name="Seats">Confirmed seats; later sign-ups are wait-listed in arrival order. 0 in a draft that has not set it.</param>
public sealed record SignupActivity(string Id, string? Title, string? Description, AwardRule? Award, int Seats,
    IReadOnlyList<SignupField> Fields) : CampaignActivity(Id, Title, Description, Award)
{
    public override ActivityKind Kind => ActivityKind.Signup;
}

/// <param name="Options">Allowed values; null for free text (up to 100 characters).</param>
public sealed record SignupField(string Id, string Label, IReadOnlyList<string>? Options, bool Required);

/// <param name="DailyCap">The most one day's value counts for (e.g. 12000 steps). 0 in a draft that has not set it.</param>
public sealed record CheckinActivity(string Id, string? Title, string? Description, AwardRule? Award, long DailyCap, string? Unit)
    : CampaignActivity(Id, Title, Description, Award)
{
    public override ActivityKind Kind => ActivityKind.Checkin;
}

/// <summary>A riddle (谜面, 谜目) with every written form of its accepted answers (谜底), which never reach a client.</summary>
public sealed record Riddle(string Id, string ActivityId, string Question, string? Hint, IReadOnlyList<string> Answers);

/// <summary>Someone entrants like: a model worker, a team.</summary>
public sealed record Candidate(string Id, string ActivityId, string Name, string? Description);

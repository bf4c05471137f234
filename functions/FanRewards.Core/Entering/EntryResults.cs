using FanRewards.Core.Entries;

namespace FanRewards.Core.Entering;

/// <summary>What a like came to: counted (once per day or per campaign) or not, and any prize it won.</summary>
public sealed record LikeResult(string CandidateId, bool Counted, string? Day)
{
    /// <summary>The prize this like won, first come first served; null otherwise.</summary>
    public Awards.MyAward? Prize { get; init; }
}

public sealed record MessageResult(string ActivityId, EntryStatus Status);

public sealed record SignupResult(string ActivityId, EntryStatus Status, int? Seat, int Seats)
{
    public Awards.MyAward? Prize { get; init; }
}

public sealed record CheckinResult(string ActivityId, string Day, long Reported, long Counted, long DailyCap)
{
    public Awards.MyAward? Prize { get; init; }
}

/// <summary>What an entrant learns from an answer: never the accepted answers themselves.</summary>
public sealed record RiddleAnswerResult(bool Correct, int AttemptsLeft, int CorrectSoFar, int CorrectNeeded);

namespace FanRewards.Core.Campaigns.Model;

/// <summary>
/// How an activity's prizes are won, one type per <see cref="AwardMode"/> with the settings that mode has. A draft may
/// leave a setting that publishing requires unset: a winner count or a probability is then 0 (nobody wins) and a list
/// of prize tiers empty, which is exactly what a draft awards.
/// </summary>
/// <param name="PrizeIds">The prize tiers this activity awards, first tier first; a draw names its own in the schedule.</param>
public abstract record AwardRule(IReadOnlyList<string> PrizeIds)
{
    public abstract AwardMode Mode { get; }
}

/// <summary>Entries go into the scheduled draws that this activity feeds.</summary>
public sealed record DrawAward(Weighting Weighting) : AwardRule([])
{
    public override AwardMode Mode => AwardMode.Draw;
}

/// <summary>Each accepted entry wins with <see cref="WinProbability"/>, by the activity's committed seed, while stock lasts.</summary>
/// <param name="Count">At most this many win over all tiers; as many as there are prizes unless the admin set fewer.</param>
public sealed record InstantAward(double WinProbability, int Count, IReadOnlyList<string> PrizeIds) : AwardRule(PrizeIds)
{
    public override AwardMode Mode => AwardMode.Instant;
}

/// <summary>The first <see cref="Count"/> accepted entries win, tier by tier.</summary>
public sealed record FirstComeAward(int Count, IReadOnlyList<string> PrizeIds) : AwardRule(PrizeIds)
{
    public override AwardMode Mode => AwardMode.FirstCome;
}

/// <summary>When entries close, the <see cref="Count"/> best (most riddles right, most steps) win, tier by tier.</summary>
public sealed record TopNAward(int Count, IReadOnlyList<string> PrizeIds) : AwardRule(PrizeIds)
{
    public override AwardMode Mode => AwardMode.TopN;
}

/// <summary>After the close an admin picks up to <see cref="Count"/> winners among the approved entries.</summary>
public sealed record JudgedAward(int Count, IReadOnlyList<string> PrizeIds) : AwardRule(PrizeIds)
{
    public override AwardMode Mode => AwardMode.Judged;
}

/// <summary>Tickets in a draw: one per entrant, or (riddles only) one per riddle right.</summary>
public enum Weighting { Equal, CorrectAnswers }

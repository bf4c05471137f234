namespace FanRewards.Core.Figures;

/// <summary>How the figures and leaderboard tallies are kept (setting: FigureFlushSeconds).</summary>
public sealed record FigureOptions
{
    /// <summary>How often each instance writes its tally; the figures lag by about this much.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(10);
    public int MaxPendingKeys { get; init; } = 20_000;
    /// <summary>How many entrants each check-in activity's stored top list keeps (the leaderboard shows fewer).</summary>
    public int TopEntrantsKept { get; init; } = 100;
}

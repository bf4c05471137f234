namespace FanRewards.Core.Awards;

public sealed record ClaimOptions
{
    /// <summary>How long an alternate has to claim a prize that passed to them.</summary>
    public TimeSpan AlternateClaimWindow { get; init; } = TimeSpan.FromDays(7);
}

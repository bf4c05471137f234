namespace FanRewards.Core.Awards;

/// <summary>
/// A draw's alternates in rank order, for a prize its winner declined or forfeited. The draws keep the ranking; the
/// awards only ask who is next, so the claims do not depend on how a draw is stored.
/// </summary>
public interface IDrawAlternates
{
    /// <summary>
    /// The best-ranked alternate of the draw who is not in <paramref name="passedOver"/> (those who hold or held an
    /// award here), with the entrant behind them; null when none is left.
    /// </summary>
    Task<DrawAlternate?> NextAsync(string campaignId, string drawId, IReadOnlySet<string> passedOver, CancellationToken ct);
}

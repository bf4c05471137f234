namespace FanRewards.Core.Draws;

/// <summary>Per drawn draw and prize tier, who holds each prize now, masked (<see cref="PublishedDrawResults"/>).</summary>
public sealed record DrawWinners(string DrawId, string DrawnAt, IReadOnlyList<TierWinners> Tiers);
public sealed record TierWinners(string PrizeId, string? PrizeName, IReadOnlyList<MaskedWinner> Winners);
public sealed record MaskedWinner(int Rank, string PseudonymPrefix)
{
    public string? Name { get; init; }
    public string? Phone { get; init; }
    public Awards.AwardStatus? Status { get; init; }
    /// <summary>Set when the prize passed to this alternate: the rank of the winner it came from.</summary>
    public int? PassedFromRank { get; init; }
}

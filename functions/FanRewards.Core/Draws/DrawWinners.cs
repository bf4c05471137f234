namespace FanRewards.Core.Draws;

/// <summary>
/// Per drawn draw and prize tier, who holds each prize now, masked (<see cref="PublishedDrawResults"/>): rank, masked
/// name and phone, no pseudonym and no part of one, since a prefix beside a masked phone would narrow the phone down.
/// </summary>
public sealed record DrawWinners(string DrawId, string DrawnAt, IReadOnlyList<TierWinners> Tiers)
{
    /// <summary>The draw's display name; absent when it has none.</summary>
    public string? DrawName { get; init; }
}
public sealed record TierWinners(string PrizeId, string? PrizeName, IReadOnlyList<MaskedWinner> Winners);
public sealed record MaskedWinner(int Rank)
{
    public string? Name { get; init; }
    public string? Phone { get; init; }
    public Awards.AwardStatus? Status { get; init; }
    /// <summary>Set when the prize passed to this alternate: the rank of the winner it came from.</summary>
    public int? PassedFromRank { get; init; }
}

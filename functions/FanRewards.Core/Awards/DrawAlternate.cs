namespace FanRewards.Core.Awards;

/// <summary>An alternate of a draw: their rank, their pseudonym, and the entrant behind it (empty when unknown).</summary>
public sealed record DrawAlternate(int Rank, string Pseudonym, string EntrantId);

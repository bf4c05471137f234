namespace FanRewards.Core.Awards;

/// <summary>What a winner sends to claim a prize that is delivered.</summary>
public sealed record ClaimRequest(string? Name, string? Phone, string? Address);

namespace FanRewards.Core.Draws;

/// <summary>A draw as an entrant sees it on their own page: whether they were in it, and their rank and prize if ranked.</summary>
public sealed record MyDraw(string DrawId, string State, bool? Included, int? Rank, string? PrizeId)
{
    /// <summary>The draw's display name; absent when it has none.</summary>
    public string? DrawName { get; init; }
}

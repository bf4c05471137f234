namespace FanRewards.Core.Awards;

/// <summary>What a first-come attempt on one prize came to: the award given, or nothing (the stock gone, or the entrant a winner already).</summary>
public sealed record StockOutcome(Award? Given, bool AlreadyWon = false)
{
    public static readonly StockOutcome SoldOut = new(Given: null);
    public static readonly StockOutcome Winner = new(Given: null, AlreadyWon: true);
}

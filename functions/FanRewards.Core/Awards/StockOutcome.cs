namespace FanRewards.Core.Awards;

/// <summary>What a first-come attempt on one prize came to: the award given, or nothing (the stock gone, or the entrant a winner already).</summary>
public sealed record StockOutcome(Award? Given, bool AlreadyWon = false)
{
    /// <summary>
    /// How many of the stock's units the store knew taken after the attempt, when it keeps count (the Table store's
    /// picture of the units): what the stock-left gauge reports, at no extra read. Null: not known.
    /// </summary>
    public int? UnitsTaken { get; init; }

    public static readonly StockOutcome SoldOut = new(Given: null);
    public static readonly StockOutcome Winner = new(Given: null, AlreadyWon: true);
}

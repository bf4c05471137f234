using CsvHelper;
using FanRewards.Core.Draws;

namespace FanRewards.Core.Exports;

/// <summary>One ranked entry of a drawn draw with the entrant behind it: the organiser's fulfilment list.</summary>
[CsvRecord]
public sealed partial record WinnerRow(
    [property: CsvColumn("rank")] int Rank,
    [property: CsvColumn("role")] string Role,
    [property: CsvColumn("prizeId")] string? PrizeId,
    [property: CsvColumn("entrantId")] string? EntrantId,
    [property: CsvColumn("pseudonym")] string Pseudonym,
    [property: CsvColumn("weight")] int Weight,
    [property: CsvColumn("score")] double Score)
{
    /// <summary>A ranked entry with a prize is a winner; the ranks after the prizes are the alternates, in order.</summary>
    public static WinnerRow From(RankedEntry entry, string? entrantId) =>
        new(entry.Rank, entry.PrizeId is null ? "alternate" : "winner", entry.PrizeId, entrantId, entry.Pseudonym, entry.Weight, entry.Score);
}

public static class WinnersExport
{
    /// <summary><c>{campaignId}-{drawId}-winners.csv</c>: every ranked entry, winners then alternates.</summary>
    public static CsvExport For(string campaignId, string drawId, IEnumerable<(RankedEntry Entry, string? EntrantId)> ranked) =>
        CsvExport.Of($"{campaignId}-{drawId}-winners.csv", ranked.Select(r => WinnerRow.From(r.Entry, r.EntrantId)));
}

using FanRewards.Core.Draws;

namespace FanRewards.Verifier;

/// <summary>One thing the verifier recomputed and compared with what the organiser published.</summary>
public sealed record VerificationCheck(string Name, bool Passed, string Detail);

/// <summary>
/// What the draw means for one entrant: their pseudonym, whether the published entry set holds it, their score, their
/// place among all entries and, when they are within ranks 1..k+m, the published rank.
/// </summary>
public sealed record EntrantFinding(string EntrantId, string Pseudonym, bool InEntrySet, int? Weight, double? Score, long? Place, RankedEntry? Ranked)
{
    /// <summary>Whether the pseudonym was computed with the entrant's salt (Trust v2) or by the unsalted rule.</summary>
    public bool Salted { get; init; }
}

public sealed record VerificationReport(IReadOnlyList<VerificationCheck> Checks, EntrantFinding? Entrant)
{
    public bool Matches => Checks.All(c => c.Passed);

    /// <summary>"MATCH", or "MISMATCH: " and the names of the failed checks.</summary>
    public string Verdict => Matches ? "MATCH" : "MISMATCH: " + string.Join("; ", Checks.Where(c => !c.Passed).Select(c => c.Name));
}

namespace FanRewards.Core.Figures;

/// <summary>Which instance adds, and its how-manieth add: a retried add carries the same stamp.</summary>
public readonly record struct FlushStamp(string InstanceId, long Sequence);

/// <summary>A count to add (or, read back, the total) for one UTC hour, activity and outcome of a campaign.</summary>
public sealed record FigureCount(DateTimeOffset Hour, string ActivityId, string Outcome, long Count);

/// <summary>A like tally of a candidate: its total (Day null) or one local day's.</summary>
public sealed record BoardCount(string ActivityId, string CandidateId, string? Day, long Count);

/// <summary>An entrant's whole total in a check-in activity and when their last counted check-in came.</summary>
public sealed record EntrantTotal(string Pseudonym, long Total, DateTimeOffset ReachedAt)
{
    /// <summary>The leaderboard's order: most first, then whoever got there first, then the pseudonym, a rule anyone can check.</summary>
    public static IEnumerable<EntrantTotal> Ranked(IEnumerable<EntrantTotal> totals) =>
        totals.OrderByDescending(t => t.Total).ThenBy(t => t.ReachedAt).ThenBy(t => t.Pseudonym, StringComparer.Ordinal);

    /// <summary>Each entrant's largest total (the latest, as totals only grow), best <paramref name="keep"/> kept.</summary>
    public static IReadOnlyList<EntrantTotal> Merge(IEnumerable<EntrantTotal> stored, IEnumerable<EntrantTotal> moved, int keep) =>
        Ranked(stored.Concat(moved).GroupBy(t => t.Pseudonym, StringComparer.Ordinal)
                .Select(g => g.OrderByDescending(t => t.Total).ThenBy(t => t.ReachedAt).First()))
            .Take(keep).ToList();
}

using System.Text.Json.Serialization;

namespace FanRewards.Core.Fraud;

/// <summary>What made a cluster suspicious.</summary>
public enum ClusterKind
{
    [JsonStringEnumMemberName("network-burst")] NetworkBurst,
    [JsonStringEnumMemberName("fast-riddles")] FastRiddles,
    [JsonStringEnumMemberName("like-burst")] LikeBurst,
    [JsonStringEnumMemberName("similar-text")] SimilarText,
}

/// <summary>One entrant of a finding, as only the server sees it: the id is needed to disqualify, never shown.</summary>
public sealed record SuspectEntrant(string EntrantId, string Pseudonym, DateTimeOffset At);

/// <summary>
/// A cluster as the detectors find it: a stable id (the same entrants and key give the same id on the next read), its
/// kind, the network or activity it is about, the entrants and the times of the entries that put them there.
/// </summary>
public sealed record ClusterFinding(string Id, ClusterKind Kind, string? Network, string? ActivityId, string? CandidateId,
    IReadOnlyList<SuspectEntrant> Entrants, IReadOnlyList<DateTimeOffset> Times, string Detail);

/// <summary>Entries in one minute (UTC, start of the minute), for the review page's charts.</summary>
public sealed record MinuteCount(DateTimeOffset At, int Count);

/// <summary>An entrant of a cluster as the review page shows it: a pseudonym prefix and a masked id.</summary>
public sealed record MaskedEntrant(string Pseudonym, string Entrant, DateTimeOffset At)
{
    /// <summary>Disqualified from the campaign already: a bulk disqualification of the cluster passes them by.</summary>
    public bool Disqualified { get; init; }

    /// <summary>Pseudonym hex characters shown: enough to tell a campaign's entrants apart and to select them for disqualification.</summary>
    public const int PseudonymPrefix = 16;

    public static MaskedEntrant From(SuspectEntrant suspect, IReadOnlySet<string> disqualified) =>
        new(suspect.Pseudonym[..PseudonymPrefix], MaskId(suspect.EntrantId), suspect.At) { Disqualified = disqualified.Contains(suspect.Pseudonym) };

    /// <summary>"ab***yz": the first and last two characters of a longer id, stars for the rest; erased ids stay empty.</summary>
    public static string MaskId(string id) => id.Length switch
    {
        0 => "",
        <= 4 => new string('*', id.Length),
        _ => id[..2] + "***" + id[^2..],
    };
}

/// <summary>The evidence of a cluster: how many, from when to when, and per minute.</summary>
public sealed record ClusterEvidence(int Entrants, int Entries, DateTimeOffset First, DateTimeOffset Last, IReadOnlyList<MinuteCount> PerMinute, string Detail);

/// <summary>A cluster on the review page (<c>GET …/suspicious</c>).</summary>
public sealed record SuspiciousClusterView(string Id, ClusterKind Kind, string? Network, string? ActivityId, string? CandidateId,
    ClusterEvidence Evidence, IReadOnlyList<MaskedEntrant> Entrants)
{
    public static SuspiciousClusterView From(ClusterFinding finding, IReadOnlySet<string> disqualifiedPseudonyms)
    {
        var times = finding.Times.Order().ToList();
        var perMinute = times.GroupBy(t => new DateTimeOffset(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero))
            .Select(g => new MinuteCount(g.Key, g.Count())).ToList();
        var evidence = new ClusterEvidence(finding.Entrants.Count, times.Count, times[0], times[^1], perMinute, finding.Detail);
        return new SuspiciousClusterView(finding.Id, finding.Kind, finding.Network, finding.ActivityId, finding.CandidateId, evidence,
            finding.Entrants.OrderBy(e => e.At).Select(e => MaskedEntrant.From(e, disqualifiedPseudonyms)).ToList());
    }
}

/// <summary>
/// The review of a campaign: its clusters, worst (most entrants) first, with what it cost and when: from the
/// entry-time aggregates (<see cref="Source"/> "aggregates", <see cref="EntriesRead"/> the aggregated entries read) or,
/// for a campaign older than them, from its entries (each read once); a per-instance snapshot kept for a short time.
/// </summary>
public sealed record SuspiciousReport(string CampaignId, DateTimeOffset ReviewedAt, int EntriesRead, int EntrantsFlagged,
    IReadOnlyList<SuspiciousClusterView> Clusters)
{
    public string Source { get; init; } = FraudReview.FromEntries;

    /// <summary>Flagged entrants disqualified already (each marked in its clusters).</summary>
    public int AlreadyDisqualified { get; init; }
}

using System.Security.Cryptography;
using System.Text;
using FanRewards.Core.Admins;
using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Entries;

namespace FanRewards.Core.Fraud;

/// <summary>
/// <c>POST …/disqualifications</c>: a cluster (all of it, or the entrants picked from it by pseudonym prefix) or a
/// list of entrant ids, with one reason.
/// </summary>
public sealed record BulkDisqualificationRequest(string? ClusterId, IReadOnlyList<string>? Pseudonyms, IReadOnlyList<string>? EntrantIds, string? Reason);

/// <summary>One entrant of a bulk disqualification, masked, with what became of their likes and prizes.</summary>
public sealed record BulkDisqualified(string Pseudonym, string Entrant, int LikesWithdrawn, IReadOnlyList<PrizeOutcome> Prizes);

/// <summary>The answer to a bulk disqualification; <see cref="By"/> is the admin who asked, as the single disqualify answer's <c>by</c>.</summary>
public sealed record BulkDisqualificationResult(string CampaignId, string? ClusterId, string Reason, AdminRef By, int Disqualified,
    IReadOnlyList<BulkDisqualified> Entrants)
{
    /// <summary>Entrants of the request disqualified before it: passed by (their likes and prizes were dealt with then).</summary>
    public int AlreadyDisqualified { get; init; }
}

/// <summary>
/// Disqualifies many entrants with one reason: each through the one-entrant rule (<see cref="DisqualifiedWinners"/>:
/// recorded once, audited once, kept out of every draw sealed after it, a recorded pass for a prize already drawn, likes
/// off the leaderboard once), so a retried or redelivered request changes nothing the first one did. Everything is
/// checked before anything is written; one summary audit entry, keyed by the entrants and reason, records the bulk act.
/// Entrants disqualified already (the review marks them) are passed by.
/// </summary>
public sealed class BulkDisqualification(FraudReview review, DisqualifiedWinners winners, IAuditLog audit)
{
    public const int MaxEntrants = 1_000;
    private const int Parallelism = 8;

    public async Task<BulkDisqualificationResult> DisqualifyAsync(string campaignId, BulkDisqualificationRequest request, AdminPrincipal actor,
        CancellationToken ct)
    {
        var errors = new ValidationErrors();
        errors.Require(request.Reason, "reason", DisqualificationService.MaxReasonLength);
        if ((request.ClusterId is null) == (request.EntrantIds is null))
            errors.Add("clusterId", "cluster-or-entrants", "Give either clusterId (with pseudonyms to pick from it) or entrantIds.");
        if (request.Pseudonyms is not null && request.ClusterId is null)
            errors.Add("pseudonyms", "needs-cluster", "pseudonyms pick entrants from the cluster named by clusterId.");
        if (!errors.IsEmpty) throw new ProblemException(Problem.Validation(errors));
        var entrantIds = request.ClusterId is { } clusterId
            ? await FromClusterAsync(campaignId, clusterId, request.Pseudonyms, errors, ct)
            : FromIds(request.EntrantIds ?? [], errors);
        if (entrantIds.Count > MaxEntrants)
            errors.Add("entrantIds", "too-many", $"At most {MaxEntrants} entrants at once.", ("max", MaxEntrants));
        if (!errors.IsEmpty || request.Reason is not { } reason) throw new ProblemException(Problem.Validation(errors));

        // Every entrant goes through the one-entrant rule, those already out too: it is idempotent (the first record
        // stands, likes go once, a prize passed already is unchanged), and it finishes what a retried request's first
        // attempt left half done. Those out before this request are only left out of the answer's list.
        var already = (await review.DisqualifiedAsync(campaignId, ct)).EntrantIds;
        var outcomes = new (BulkDisqualified Entrant, DateTimeOffset At, bool ByThisRequest)[entrantIds.Count];
        var by = AdminRef.Of(actor);
        await Parallel.ForEachAsync(Enumerable.Range(0, entrantIds.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            async (i, token) =>
            {
                var outcome = await winners.DisqualifyAsync(campaignId, entrantIds[i], reason, actor, token);
                outcomes[i] = (new BulkDisqualified(outcome.Pseudonym[..MaskedEntrant.PseudonymPrefix], MaskedEntrant.MaskId(outcome.EntrantId),
                    outcome.LikesWithdrawn, outcome.Prizes), outcome.At, outcome.Reason == reason && outcome.By.Id == by.Id);
            });
        var done = outcomes.Where((_, i) => !already.Contains(entrantIds[i])).Select(o => o.Entrant).ToArray();
        // One summary per request, of the disqualifications it recorded: those whose record holds this request's reason
        // and asker (a first attempt's records among them, so a retry counts what the first attempt did too), at the
        // newest one's time (each keeps its first); the audit log keys a row by time and key, so a retried request
        // rewrites the same row. A request that only named entrants others had disqualified records nothing.
        var recorded = outcomes.Where(o => o.ByThisRequest).ToList();
        if (recorded.Count > 0)
        {
            await audit.WriteAsync(new AuditEntry(campaignId, recorded.Max(o => o.At), actor, "disqualify-bulk",
                $"Disqualified {recorded.Count} entrants{(request.ClusterId is { } c ? $" of cluster {c}" : "")}: {reason}")
            {
                Code = AuditCodes.EntrantsDisqualified,
                Args = AuditCodes.Args(("count", recorded.Count), ("cluster", request.ClusterId), ("reason", reason)),
            }, BulkKey(entrantIds, reason), ct);
        }
        review.Forget(campaignId);
        return new BulkDisqualificationResult(campaignId, request.ClusterId, reason, AdminRef.Of(actor), done.Length, done) { AlreadyDisqualified = entrantIds.Count - done.Length };
    }

    private async Task<List<string>> FromClusterAsync(string campaignId, string clusterId, IReadOnlyList<string>? picked, ValidationErrors errors,
        CancellationToken ct)
    {
        var finding = (await review.ReviewAsync(campaignId, ct)).Findings.FirstOrDefault(f => f.Id == clusterId)
                      ?? throw new ProblemException(Problem.NotFound("cluster", clusterId));
        // Ids erased by retention cannot be disqualified any more (nor can they win anything).
        var members = finding.Entrants.Where(e => e.EntrantId.Length > 0).ToList();
        if (picked is null) return members.Select(e => e.EntrantId).Distinct(StringComparer.Ordinal).ToList();
        var chosen = new List<string>();
        for (var i = 0; i < picked.Count; i++)
        {
            var match = picked[i] is { Length: >= MaskedEntrant.PseudonymPrefix } prefix
                ? members.FirstOrDefault(e => e.Pseudonym.StartsWith(prefix, StringComparison.Ordinal)) : null;
            if (match is null) errors.Add($"pseudonyms[{i}]", "not-in-cluster", "Not an entrant of this cluster.");
            else chosen.Add(match.EntrantId);
        }
        return chosen.Distinct(StringComparer.Ordinal).ToList();
    }

    private static List<string> FromIds(IReadOnlyList<string> ids, ValidationErrors errors)
    {
        if (ids.Count == 0) errors.Add("entrantIds", "at-least-one", "At least one entrant id.");
        for (var i = 0; i < ids.Count; i++)
            if (!Entrant.IsValidId(ids[i])) errors.Add($"entrantIds[{i}]", "invalid-entrant-id", $"Not an entrant id ({Entrant.IdRule}).");
        return ids.Distinct(StringComparer.Ordinal).ToList();
    }

    private static string BulkKey(IEnumerable<string> entrantIds, string reason) =>
        "disqualify-bulk-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join('\n', entrantIds.Order(StringComparer.Ordinal)) + "\n" + reason)))[..24];
}

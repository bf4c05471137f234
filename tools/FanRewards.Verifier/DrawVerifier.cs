using System.Globalization;
using FanRewards.Core.Draws;
using FanRewards.Core.Entries;
using FanRewards.Core.Fairness;

namespace FanRewards.Verifier;

/// <summary>
/// Recomputes a finished draw from its proof and its entry set with the same rules the draw used (docs/FAIRNESS.md),
/// and says where the published numbers differ. No I/O: the caller downloads or reads the inputs.
/// </summary>
public static class DrawVerifier
{
    private const int MaxDifferencesShown = 5;

    /// <param name="salt">The entrant's salt (from their own page); null checks with the unsalted rule of campaigns published before Trust v2.</param>
    public static VerificationReport Verify(DrawProof proof, IReadOnlyList<DrawEntry> entries, string? entrantId = null, string? salt = null)
    {
        var checks = new List<VerificationCheck>();
        var seed = ParseSeed(proof.Seed);
        checks.Add(seed is null
            ? new("seed is revealed as 64 lowercase hex characters", false, proof.Seed is null ? $"no seed (state {proof.State})" : $"seed '{proof.Seed}'")
            : new("SHA-256(seed) equals the commitment", DrawScoring.Commitment(seed) == proof.Commitment,
                $"SHA-256(seed) = {DrawScoring.Commitment(seed)}, commitment = {proof.Commitment}"));

        // Trust v2: the ranking is scored with the draw seed, the seed mixed with each revealed witness secret in listed order.
        var drawSeed = seed is null ? null : DrawSeedOf(proof, seed, checks);
        seed = drawSeed;

        var sorted = entries.OrderBy(e => e.Pseudonym, StringComparer.Ordinal).ToList();
        var repeated = sorted.Zip(sorted.Skip(1)).Where(p => p.First.Pseudonym == p.Second.Pseudonym).Select(p => p.First.Pseudonym).Distinct().ToList();
        var badWeights = entries.Where(e => e.Weight is < 1 or > DrawScoring.MaxWeight).ToList();
        var wellFormed = repeated.Count == 0 && badWeights.Count == 0;
        if (repeated.Count > 0) checks.Add(new("no pseudonym is repeated in the entry set", false, $"repeated: {string.Join(", ", repeated.Take(MaxDifferencesShown))}"));
        if (badWeights.Count > 0) checks.Add(new($"every weight is 1 to {DrawScoring.MaxWeight}", false, $"{badWeights.Count} outside, e.g. {badWeights[0].Pseudonym},{badWeights[0].Weight}"));

        if (repeated.Count == 0)
        {
            var digest = Digest(sorted);
            checks.Add(new("entry-set digest equals the published entrySetDigest", digest == proof.EntrySetDigest,
                $"digest of {sorted.Count} downloaded entries = {digest}, published = {proof.EntrySetDigest ?? "(none)"}"));
        }
        checks.Add(new("entry count equals the published entryCount", proof.EntryCount == entries.Count,
            $"downloaded {entries.Count}, published {proof.EntryCount?.ToString(CultureInfo.InvariantCulture) ?? "(none)"}"));

        IReadOnlyList<RankedEntry>? recomputed = null;
        if (seed is not null && wellFormed && proof.Tiers.All(t => t.Count >= 0) && proof.Alternates >= 0)
        {
            recomputed = DrawRanking.Rank(seed, proof.CampaignId, proof.DrawId, entries, proof.Tiers, proof.Alternates);
            checks.Add(CompareRankings(recomputed, proof.Ranking));
            var winners = recomputed.Count(r => r.PrizeId is not null);
            checks.Add(new("winners equals the number of prizes awarded", proof.Winners == winners, $"recomputed {winners}, published {proof.Winners}"));
        }
        else
        {
            checks.Add(new("recomputed ranking equals the published ranking", false, "cannot recompute: " +
                (seed is null ? "no valid seed" : !wellFormed ? "the entry set is malformed" : "negative tier count or alternates")));
        }

        EntrantFinding? finding = null;
        if (entrantId is not null)
        {
            finding = FindEntrant(proof, entries, seed, entrantId, salt);
            checks.Add(new($"entrant '{entrantId}' is in the entry set", finding.InEntrySet, $"pseudonym {finding.Pseudonym}"));
        }
        return new VerificationReport(checks, finding);
    }

    /// <summary>
    /// Checks each witness (a revealed secret against its commitment, an excuse with who and when) and derives the draw
    /// seed from the seed and the revealed secrets in listed order; checks it against the published drawSeed when there is one.
    /// </summary>
    private static byte[] DrawSeedOf(DrawProof proof, byte[] seed, List<VerificationCheck> checks)
    {
        var secrets = new List<byte[]>();
        foreach (var w in proof.Witnesses)
        {
            if (w.State == "revealed")
            {
                var secret = ParseSeed(w.Secret);
                var matches = secret is not null && DrawScoring.Commitment(secret) == w.Commitment;
                checks.Add(new($"witness '{w.Id}' ({w.Name}): SHA-256(secret) equals its commitment", matches,
                    secret is null ? $"secret '{w.Secret}' is not 64 lowercase hex" : $"SHA-256(secret) = {DrawScoring.Commitment(secret)}, commitment = {w.Commitment}"));
                if (secret is not null) secrets.Add(secret);
                // A secret shown before the seal could have steered which entries went in: it must come after.
                checks.Add(new($"witness '{w.Id}' ({w.Name}) revealed after the seal", NotBefore(w.RevealedAt, proof.SealedAt),
                    $"revealed at {w.RevealedAt ?? "(none)"}, sealed at {proof.SealedAt ?? "(none)"}"));
            }
            else
            {
                var excused = w.State == "excused" && w.ExcusedBy is not null && w.ExcusedAt is not null;
                checks.Add(new($"witness '{w.Id}' ({w.Name}) revealed or was excused", excused,
                    excused ? $"excused by {w.ExcusedBy} at {w.ExcusedAt}: {w.ExcuseReason}" : $"state {w.State}"));
                // Excusing is allowed only once the stated deadline has passed, so no witness is dropped early.
                if (excused)
                {
                    checks.Add(new($"witness '{w.Id}' ({w.Name}) excused after the reveal deadline", NotBefore(w.ExcusedAt, proof.RevealBy),
                        $"excused at {w.ExcusedAt}, reveal by {proof.RevealBy ?? "(none)"}"));
                }
            }
        }
        var drawSeed = DrawScoring.DrawSeed(seed, secrets);
        if (proof.DrawSeed is not null || secrets.Count > 0)
        {
            var derived = Convert.ToHexStringLower(drawSeed);
            checks.Add(new($"draw seed = SHA-256(seed ‖ {secrets.Count} revealed secrets in listed order) equals the published drawSeed",
                derived == proof.DrawSeed, $"derived {derived}, published {proof.DrawSeed ?? "(none)"}"));
        }
        return drawSeed;
    }

    /// <summary>
    /// Whether <paramref name="later"/> is at or after <paramref name="earlier"/>: both as the proof shows times, to the
    /// second with their offset (a reveal in the seal's second shows the same time). False when either is missing.
    /// </summary>
    private static bool NotBefore(string? later, string? earlier) =>
        DateTimeOffset.TryParse(later, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var l)
        && DateTimeOffset.TryParse(earlier, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var e)
        && l >= e;

    /// <summary>The seed's bytes when it is exactly 64 lowercase hex characters, the only form the rule publishes.</summary>
    public static byte[]? ParseSeed(string? seed) =>
        seed is { Length: DrawScoring.SeedLength * 2 } && seed.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f') ? Convert.FromHexString(seed) : null;

    private static string Digest(IEnumerable<DrawEntry> sortedEntries)
    {
        using var digest = new EntrySetDigest();
        foreach (var entry in sortedEntries) digest.Append(entry.Pseudonym, entry.Weight);
        return digest.Finish();
    }

    private static VerificationCheck CompareRankings(IReadOnlyList<RankedEntry> recomputed, IReadOnlyList<RankedEntry> published)
    {
        var differences = new List<string>();
        for (var i = 0; i < Math.Max(recomputed.Count, published.Count); i++)
        {
            var mine = i < recomputed.Count ? recomputed[i] : null;
            var theirs = i < published.Count ? published[i] : null;
            // Record equality compares the score as a double, exactly: the rule is deterministic to the last bit.
            if (mine != theirs) differences.Add($"position {i + 1}: recomputed {Describe(mine)}, published {Describe(theirs)}");
        }
        var name = "recomputed ranking equals the published ranking";
        return differences.Count == 0
            ? new(name, true, $"{recomputed.Count} ranks ({recomputed.Count(r => r.PrizeId is not null)} winners, {recomputed.Count(r => r.PrizeId is null)} alternates)")
            : new(name, false, $"{differences.Count} differences; " + string.Join("; ", differences.Take(MaxDifferencesShown)));
    }

    private static string Describe(RankedEntry? r) => r is null ? "(nothing)"
        : $"#{r.Rank} {r.Pseudonym[..Math.Min(12, r.Pseudonym.Length)]}… weight {r.Weight} score {r.Score.ToString("R", CultureInfo.InvariantCulture)} {r.PrizeId ?? "alternate"}";

    private static EntrantFinding FindEntrant(DrawProof proof, IReadOnlyList<DrawEntry> entries, byte[]? seed, string entrantId, string? salt)
    {
        var pseudonym = Pseudonym.Of(proof.CampaignId, entrantId, salt);
        var entry = entries.FirstOrDefault(e => e.Pseudonym == pseudonym);
        if (entry is null || seed is null || entry.Weight is < 1 or > DrawScoring.MaxWeight)
            return new EntrantFinding(entrantId, pseudonym, entry is not null, entry?.Weight, null, null, null) { Salted = salt is not null };

        var score = DrawScoring.Score(seed, proof.CampaignId, proof.DrawId, pseudonym, entry.Weight);
        var mine = new ScoredEntry(pseudonym, entry.Weight, score);
        // The place among all entries, so that an entrant outside ranks 1..k+m still sees how far they were.
        long place = 1;
        foreach (var other in entries)
        {
            if (other.Pseudonym != pseudonym && other.Weight is >= 1 and <= DrawScoring.MaxWeight
                && RankOrder.Instance.Compare(new ScoredEntry(other.Pseudonym, other.Weight, DrawScoring.Score(seed, proof.CampaignId, proof.DrawId, other.Pseudonym, other.Weight)), mine) < 0)
            {
                place++;
            }
        }

        return new EntrantFinding(entrantId, pseudonym, true, entry.Weight, score, place, proof.Ranking.FirstOrDefault(r => r.Pseudonym == pseudonym))
        {
            Salted = salt is not null,
        };
    }
}

using FanRewards.Core.Fairness;

namespace FanRewards.Core.Draws;

/// <summary>
/// Everything needed to re-run a draw, as published at GET /api/campaigns/{campaignId}/draws/{drawId}/proof. With
/// the entry set (GET …/entries) a stranger recomputes <see cref="Ranking"/> from <see cref="Seed"/>.
/// </summary>
public sealed record DrawProof
{
    public required string CampaignId { get; init; }
    public required string DrawId { get; init; }
    /// <summary>The draw's display name (the campaign's); absent when it has none.</summary>
    public string? Name { get; init; }
    /// <summary>scheduled, sealing, sealed, running or drawn.</summary>
    public required string State { get; init; }
    /// <summary>Lowercase hex SHA-256 of the seed, public from the moment the campaign was published.</summary>
    public required string Commitment { get; init; }
    /// <summary>The draw's witnesses in listed order (their secrets enter the draw seed in that order); empty without any.</summary>
    public IReadOnlyList<WitnessView> Witnesses { get; init; } = [];
    /// <summary>After it an admin may excuse a witness who has not revealed.</summary>
    public string? RevealBy { get; init; }
    /// <summary>A sealed draw: the witnesses it still waits for; empty otherwise.</summary>
    public IReadOnlyList<string> WaitingFor { get; init; } = [];
    /// <summary>When the entry set was sealed (its digest and count fixed and shown).</summary>
    public string? SealedAt { get; init; }
    /// <summary>The 32-byte seed as 64 lowercase hex characters; null until the draw is over.</summary>
    public string? Seed { get; init; }
    /// <summary>The seed that scored the draw: DrawScoring.DrawSeed(seed, revealed secrets in listed order); null until drawn.</summary>
    public string? DrawSeed { get; init; }
    /// <summary>SHA-256 over the sorted "pseudonym,weight\n" lines of the eligible entries; fixed before the seed is revealed.</summary>
    public string? EntrySetDigest { get; init; }
    public long? EntryCount { get; init; }
    /// <summary>Prize tiers in award order (first prize first): ranks 1..count of the first tier win it, and so on.</summary>
    public required IReadOnlyList<DrawTier> Tiers { get; init; }
    /// <summary>k: how many win (the sum of the tiers' counts, or fewer when fewer entered).</summary>
    public required int Winners { get; init; }
    /// <summary>m: how many alternates are ranked after the winners.</summary>
    public required int Alternates { get; init; }
    /// <summary>Ranks 1..k+m: winners then alternates.</summary>
    public IReadOnlyList<RankedEntry> Ranking { get; init; } = [];
    public string? DrawnAt { get; init; }
    /// <summary>
    /// Prizes that passed from a winner to an alternate (declined or unclaimed by the deadline), in the order they
    /// passed; the ranking above never changes.
    /// </summary>
    public IReadOnlyList<PrizePass> Passes { get; init; } = [];
}

/// <summary>A prize passing on: from which award to which, the alternate's rank, when, and why (declined, unclaimed, disqualified, rejected, already-won).</summary>
public sealed record PrizePass(string PrizeId, string FromAwardId, string ToAwardId, int ToRank, string At, string Reason)
{
    /// <summary>The reason a pass shows for the status the award it came from ended with.</summary>
    public static string ReasonOf(Awards.AwardStatus ended) => ended switch
    {
        Awards.AwardStatus.Forfeited => "unclaimed",
        Awards.AwardStatus.Disqualified => "disqualified",
        Awards.AwardStatus.Rejected => "rejected",
        Awards.AwardStatus.AlreadyWon => "already-won",
        _ => "declined",
    };
}

/// <summary>A prize tier of a draw: the prize, and how many ranks win it.</summary>
public sealed record DrawTier(string PrizeId, int Count)
{
    /// <summary>The tiers of a scheduled draw as its campaign defines them now (fixed in the draw once it starts).</summary>
    public static IReadOnlyList<DrawTier> Of(Campaigns.Campaign campaign, Campaigns.Model.ScheduledDraw draw) =>
        draw.PrizeIds.Select(id => new DrawTier(id, campaign.Model.FindPrize(id)?.Count ?? 0)).ToList();
}

/// <summary>One ranked entry. <see cref="Score"/> is ln(u)/weight as a round-trip double; PrizeId is null for alternates.</summary>
public sealed record RankedEntry(int Rank, string Pseudonym, int Weight, double Score, string? PrizeId);

/// <summary>A page of the eligible entry set, sorted by pseudonym; <see cref="Next"/> is where the next page starts after.</summary>
public sealed record DrawEntryPage(IReadOnlyList<DrawEntry> Entries, string? Next);

public sealed record DrawEntry(string Pseudonym, int Weight)
{
    /// <summary>Kept with the entry for the organiser's winner export; never part of the public entry set.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? EntrantId { get; init; }
}

/// <summary>Ranking rules shared by the draw and every verifier.</summary>
public static class DrawRanking
{
    /// <summary>
    /// Ranks every entry and assigns prizes: ranks 1..k in tier order, then m alternates. Asking for more winners
    /// never changes who holds the earlier ranks, because the order does not depend on k or m.
    /// </summary>
    public static IReadOnlyList<RankedEntry> Rank(ReadOnlySpan<byte> seed, string campaignId, string drawId,
        IEnumerable<DrawEntry> entries, IReadOnlyList<DrawTier> tiers, int alternates)
    {
        var k = tiers.Sum(t => t.Count);
        var top = new TopRanked(k + alternates);
        foreach (var entry in entries)
            top.Add(new ScoredEntry(entry.Pseudonym, entry.Weight, DrawScoring.Score(seed, campaignId, drawId, entry.Pseudonym, entry.Weight)));
        return Assign(top.Ranked(), tiers);
    }

    /// <summary>Gives ranked entries their prize tier: the first tier's count of ranks, then the next tier's, then alternates.</summary>
    public static IReadOnlyList<RankedEntry> Assign(IReadOnlyList<ScoredEntry> ranked, IReadOnlyList<DrawTier> tiers)
    {
        var result = new List<RankedEntry>(ranked.Count);
        var tier = 0;
        var leftInTier = tiers.Count > 0 ? tiers[0].Count : 0;
        for (var i = 0; i < ranked.Count; i++)
        {
            while (tier < tiers.Count && leftInTier == 0 && ++tier < tiers.Count) leftInTier = tiers[tier].Count;
            string? prize = null;
            if (tier < tiers.Count && leftInTier > 0)
            {
                prize = tiers[tier].PrizeId;
                leftInTier--;
            }
            result.Add(new RankedEntry(i + 1, ranked[i].Pseudonym, ranked[i].Weight, ranked[i].Score, prize));
        }
        return result;
    }
}

using FanRewards.Core.Awards;

namespace FanRewards.Core.Draws;

/// <summary>A draw's alternates for the claims, read from its stored ranking (which never changes once drawn).</summary>
public sealed class DrawAlternates(IDrawStore draws) : IDrawAlternates
{
    public async Task<DrawAlternate?> NextAsync(string campaignId, string drawId, IReadOnlySet<string> passedOver, CancellationToken ct)
    {
        var entrants = await draws.ReadRankedEntrantsAsync(campaignId, drawId, ct);
        var alternate = (await draws.ReadRankingAsync(campaignId, drawId, ct))
            .Where(r => r.PrizeId is null && !passedOver.Contains(r.Pseudonym)).OrderBy(r => r.Rank).FirstOrDefault();
        return alternate is null ? null : new DrawAlternate(alternate.Rank, alternate.Pseudonym, entrants.GetValueOrDefault(alternate.Pseudonym) ?? "");
    }
}

using FanRewards.Core.Campaigns;
using FanRewards.Core.Entries;

namespace FanRewards.Core.Draws;

/// <summary>
/// What the admin and an entrant read of a campaign's draws: their states, an entrant's own chances and results, and the
/// organiser's export of the ranking. The public proofs, winners and entry-set pages are <see cref="PublishedDrawResults"/>.
/// Drawn draws and their rankings are read through <see cref="CachingDrawStore"/> in the wiring: at 20:00 everybody
/// asks whether they won at the same moment.
/// </summary>
public sealed class DrawQueries(ICampaignStore campaigns, IDrawStore draws)
{
    /// <summary>The admin's view of every draw of the campaign, in time order, with its shards' progress.</summary>
    public async Task<IReadOnlyList<DrawStatus>> ListAsync(string campaignId, CancellationToken ct)
    {
        var campaign = (await campaigns.FindAsync(campaignId, ct))?.Campaign ?? throw new ProblemException(Problem.NotFound("campaign", campaignId));
        var result = new List<DrawStatus>();
        foreach (var draw in (await draws.ListAsync(campaignId, ct)).OrderBy(d => d.At))
            result.Add(DrawStatus.Of(campaign, draw, await draws.ListShardResultsAsync(campaignId, draw.DrawId, draw.Shards, includeTop: false, DrawPhase.Seal, ct)));
        return result;
    }

    /// <summary>For an entrant's own page: per draw, whether they were in it, and their rank and prize if ranked.</summary>
    public async Task<IReadOnlyList<MyDraw>> GetMyDrawsAsync(Campaign campaign, string pseudonym, CancellationToken ct)
    {
        var result = new List<MyDraw>();
        foreach (var definition in campaign.Draws)
        {
            var draw = await draws.FindAsync(campaign.Id, definition.Id, ct);
            if (draw is null) continue;
            if (draw.State != DrawState.Drawn)
            {
                result.Add(new MyDraw(draw.DrawId, draw.State.ToString().ToLowerInvariant(), null, null, null) { DrawName = definition.Name });
                continue;
            }
            var included = await draws.FindEntryAsync(campaign.Id, draw.DrawId, Pseudonym.BucketOf(pseudonym, draw.Shards), pseudonym, ct);
            var ranked = (await draws.ReadRankingAsync(campaign.Id, draw.DrawId, ct)).FirstOrDefault(r => r.Pseudonym == pseudonym);
            result.Add(new MyDraw(draw.DrawId, "drawn", included is not null, ranked?.Rank, ranked?.PrizeId) { DrawName = definition.Name });
        }
        return result;
    }

    /// <summary>The organiser's export: every ranked entry with the entrant behind it.</summary>
    public async Task<IReadOnlyList<(RankedEntry Entry, string? EntrantId)>> GetRankedWithEntrantsAsync(string campaignId, string drawId,
        CancellationToken ct)
    {
        var draw = await draws.FindAsync(campaignId, drawId, ct) ?? throw new ProblemException(Problem.NotFound("draw", drawId));
        if (draw.State != DrawState.Drawn) throw new ProblemException(DrawProblems.NotDrawnYet(drawId));
        var entrants = await draws.ReadRankedEntrantsAsync(campaignId, drawId, ct);
        return (await draws.ReadRankingAsync(campaignId, drawId, ct)).Select(r => (r, entrants.GetValueOrDefault(r.Pseudonym))).ToList();
    }
}

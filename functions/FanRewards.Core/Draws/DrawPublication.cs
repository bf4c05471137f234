using FanRewards.Core.Campaigns;
using FanRewards.Core.Fairness;

namespace FanRewards.Core.Draws;

/// <summary>
/// Publishing makes the campaign's draws and their secret seeds first, so the commitments the campaign publishes always
/// refer to stored seeds; a publish that dies in between leaves draws a retry reuses (their seeds kept).
/// </summary>
public sealed class DrawPublication(IDrawStore draws) : ICampaignPublication
{
    public Task<IReadOnlyDictionary<string, string>> PublishingAsync(Campaign published, CancellationToken ct) =>
        draws.EnsureDrawsAsync(NewDraws(published), ct);

    /// <summary>
    /// An early close moves the draws' cutoffs earlier: the timer must look at them from the close, to seal them then.
    /// A draw already sealed or drawn is due anyway or leaves the index at the next tick.
    /// </summary>
    public async Task ClosingAsync(Campaign closed, CancellationToken ct)
    {
        foreach (var draw in closed.Draws)
            if (closed.DrawCutoff(draw) < draw.Time) await draws.MarkDueAsync(closed.Id, draw.Id, closed.DrawCutoff(draw), ct);
    }

    /// <summary>The draws a campaign gets when it is published: a fresh CSPRNG seed each, only the commitment shown.</summary>
    public static IReadOnlyList<DrawRecord> NewDraws(Campaign campaign) => campaign.Draws.Select(d =>
    {
        var seed = DrawScoring.NewSeed();
        return new DrawRecord
        {
            CampaignId = campaign.Id, DrawId = d.Id, At = d.Time, State = DrawState.Scheduled,
            Seed = seed, Commitment = DrawScoring.Commitment(seed), Shards = campaign.EntryBuckets, SealAt = campaign.DrawCutoff(d),
            // Fixed at publish like the seed's commitment: publishing requires every witness's commitment.
            Witnesses = d.Witnesses.Select(w => new DrawWitness
            {
                Id = w.Id, Name = w.Name,
                Commitment = w.Commitment ?? throw new InvalidOperationException($"Witness '{w.Id}' of draw '{d.Id}' has no commitment."),
            }).ToList(),
            RevealBy = d.RevealBy,
        };
    }).ToList();
}

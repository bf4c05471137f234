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

    public Task ClosingAsync(Campaign closed, CancellationToken ct) => Task.CompletedTask;

    /// <summary>The draws a campaign gets when it is published: a fresh CSPRNG seed each, only the commitment shown.</summary>
    public static IReadOnlyList<DrawRecord> NewDraws(Campaign campaign) => campaign.Draws.Select(d =>
    {
        var seed = DrawScoring.NewSeed();
        return new DrawRecord
        {
            CampaignId = campaign.Id, DrawId = d.Id, At = d.Time, State = DrawState.Scheduled,
            Seed = seed, Commitment = DrawScoring.Commitment(seed), Shards = campaign.EntryBuckets,
        };
    }).ToList();
}

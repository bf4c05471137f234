using FanRewards.Core.Campaigns;
using FanRewards.Core.Campaigns.Model;

namespace FanRewards.Core.Awards;

/// <summary>
/// Publishing makes each instant-win activity's secret seed first, so the commitment the campaign publishes always
/// refers to a stored seed; a retried publish reuses it.
/// </summary>
public sealed class InstantWinPublication(IInstantSeedStore seeds) : ICampaignPublication
{
    public async Task<IReadOnlyDictionary<string, string>> PublishingAsync(Campaign published, CancellationToken ct)
    {
        var commitments = new Dictionary<string, string>();
        foreach (var activity in published.Model.Activities.Where(a => a.Award is InstantAward))
            commitments[InstantWin.DrawIdFor(activity.Id)] = await seeds.EnsureAsync(published.Id, activity.Id, ct);
        return commitments;
    }

    public Task ClosingAsync(Campaign closed, CancellationToken ct) => Task.CompletedTask;
}

using System.Collections.Concurrent;

namespace FanRewards.Core.Awards;

/// <summary>
/// The instant-win seeds as the entry path reads them: a seed never changes once made, so each instance reads it once.
/// A seed not made yet is not remembered (it is read again next time), and a failed read is not kept.
/// </summary>
public sealed class CachingInstantSeedStore(IInstantSeedStore inner) : IInstantSeedStore
{
    private const int MaxRememberedSeeds = 10_000;
    private readonly ConcurrentDictionary<(string CampaignId, string ActivityId), Task<byte[]?>> _seeds = new();

    public Task<string> EnsureAsync(string campaignId, string activityId, CancellationToken ct) => inner.EnsureAsync(campaignId, activityId, ct);

    public async Task<byte[]?> FindSeedAsync(string campaignId, string activityId, CancellationToken ct)
    {
        var key = (campaignId, activityId);
        if (_seeds.Count >= MaxRememberedSeeds) _seeds.Clear();
        // Concurrent first readers share one read, started without their cancellation so one caller's cancel fails no other.
        var read = _seeds.GetOrAdd(key, _ => inner.FindSeedAsync(campaignId, activityId, CancellationToken.None));
        try
        {
            var seed = await read.WaitAsync(ct);
            if (seed is null) _seeds.TryRemove(new KeyValuePair<(string, string), Task<byte[]?>>(key, read));
            return seed;
        }
        catch (Exception) when (read.IsFaulted || read.IsCanceled)
        {
            _seeds.TryRemove(new KeyValuePair<(string, string), Task<byte[]?>>(key, read));
            throw;
        }
    }
}

using System.Collections.Concurrent;

namespace FanRewards.Core.Campaigns;

/// <summary>
/// Public reads of campaigns come from a cache with a short expiry, never from a storage read per request: at 20:00
/// on Lantern Festival every entrant opens the same page in the same minute. Concurrent misses share one read.
/// </summary>
public sealed class PublicCampaignCatalog(ICampaignStore store, TimeProvider clock, CampaignCacheOptions options)
{
    private readonly ConcurrentDictionary<string, CacheEntry<StoredCampaign?>> _campaigns = new(StringComparer.Ordinal);
    private const int MaxCachedCampaigns = 10_000;
    private CacheEntry<IReadOnlyList<StoredCampaign>>? _list;
    private long _misses;

    public async Task<IReadOnlyList<CampaignListItem>> ListVisibleAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var entry = _list;
        if (entry is null || entry.ExpiresAt <= now || entry.Value.IsFaulted)
        {
            _list = entry = new CacheEntry<IReadOnlyList<StoredCampaign>>(
                new Lazy<Task<IReadOnlyList<StoredCampaign>>>(() => store.ListAsync(CancellationToken.None)), now + options.TimeToLive);
        }

        var all = await entry.Value.WaitAsync(ct);
        return all.Select(s => s.Campaign)
            .Where(c => c.Lifecycle is not (CampaignLifecycle.Draft or CampaignLifecycle.Archived))
            .OrderBy(c => c.OpensAt)
            .Select(c => CampaignListItem.From(c, now))
            .ToList();
    }

    /// <summary>The published campaign, or null when it does not exist, is a draft or is archived.</summary>
    public async Task<Campaign?> FindVisibleAsync(string campaignId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (!_campaigns.TryGetValue(campaignId, out var entry) || entry.ExpiresAt <= now || entry.Value.IsFaulted)
        {
            // Unknown ids are cached too (as null); a flood of made-up ids must not grow the cache without bound.
            if (Interlocked.Increment(ref _misses) % 1024 == 0 && _campaigns.Count > MaxCachedCampaigns) _campaigns.Clear();
            var fresh = new CacheEntry<StoredCampaign?>(new Lazy<Task<StoredCampaign?>>(() => store.FindAsync(campaignId, CancellationToken.None)),
                now + options.TimeToLive);
            // Whoever wins the race installs the entry; everyone awaits that one read.
            entry = _campaigns.AddOrUpdate(campaignId, fresh,
                (_, existing) => existing.ExpiresAt > now && !existing.Value.IsFaulted ? existing : fresh);
        }
        var stored = await entry.Value.WaitAsync(ct);
        return stored?.Campaign is { Lifecycle: not (CampaignLifecycle.Draft or CampaignLifecycle.Archived) } campaign ? campaign : null;
    }

    /// <summary>An admin's own change shows at once on this instance; other instances see it within the expiry.</summary>
    public void Forget(string campaignId)
    {
        _campaigns.TryRemove(campaignId, out _);
        _list = null;
    }

    private sealed record CacheEntry<T>(Lazy<Task<T>> Read, DateTimeOffset ExpiresAt)
    {
        public Task<T> Value => Read.Value;
    }
}

public sealed record CampaignCacheOptions
{
    public TimeSpan TimeToLive { get; init; } = TimeSpan.FromSeconds(5);
}

using System.Collections.Concurrent;

namespace FanRewards.Core.Campaigns;

/// <summary>
/// The campaign store behind the public reads: a campaign (or the list) read at most once per
/// <see cref="CampaignCacheOptions.TimeToLive"/> on this instance, concurrent misses sharing one read, because at
/// 20:00 on Lantern Festival every entrant opens the same page in the same minute. Only the public catalog reads
/// through it: the admin, the draws and the sweeps read the store itself, as they need the current version (its ETag).
/// A change saved through it, or one <see cref="Forget"/> is told of, shows at once on this instance; other instances
/// see it within the expiry.
/// </summary>
public sealed class CachingCampaignStore(ICampaignStore inner, TimeProvider clock, CampaignCacheOptions options) : ICampaignStore
{
    private const int MaxCachedCampaigns = 10_000;
    private readonly ConcurrentDictionary<string, CacheEntry<StoredCampaign?>> _campaigns = new(StringComparer.Ordinal);
    private CacheEntry<IReadOnlyList<StoredCampaign>>? _list;
    private long _misses;

    public Task<StoredCampaign?> FindAsync(string campaignId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (!_campaigns.TryGetValue(campaignId, out var entry) || !entry.IsFreshAt(now))
        {
            // Unknown ids are cached too (as null); a flood of made-up ids must not grow the cache without bound.
            if (Interlocked.Increment(ref _misses) % 1024 == 0 && _campaigns.Count > MaxCachedCampaigns) _campaigns.Clear();
            var fresh = new CacheEntry<StoredCampaign?>(new Lazy<Task<StoredCampaign?>>(() => inner.FindAsync(campaignId, CancellationToken.None)),
                now + options.TimeToLive);
            // Whoever wins the race installs the entry; everyone awaits that one read.
            entry = _campaigns.AddOrUpdate(campaignId, fresh, (_, existing) => existing.IsFreshAt(now) ? existing : fresh);
        }
        return entry.Value.WaitAsync(ct);
    }

    public Task<IReadOnlyList<StoredCampaign>> ListAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var entry = _list;
        if (entry is null || !entry.IsFreshAt(now))
        {
            _list = entry = new CacheEntry<IReadOnlyList<StoredCampaign>>(
                new Lazy<Task<IReadOnlyList<StoredCampaign>>>(() => inner.ListAsync(CancellationToken.None)), now + options.TimeToLive);
        }

        return entry.Value.WaitAsync(ct);
    }

    public async Task<StoredCampaign> CreateAsync(Campaign campaign, AuditEntry audit, CancellationToken ct)
    {
        var created = await inner.CreateAsync(campaign, audit, ct);
        Forget(campaign.Id);
        return created;
    }

    public async Task<StoredCampaign> SaveAsync(Campaign campaign, string etag, CampaignItemKinds changedItems, AuditEntry audit,
        CancellationToken ct)
    {
        var saved = await inner.SaveAsync(campaign, etag, changedItems, audit, ct);
        Forget(campaign.Id);
        return saved;
    }

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string campaignId, int max, CancellationToken ct) =>
        inner.ListAuditAsync(campaignId, max, ct);

    /// <summary>Drops what this instance keeps of the campaign (and the list): the next read goes to the store.</summary>
    public void Forget(string campaignId)
    {
        _campaigns.TryRemove(campaignId, out _);
        _list = null;
    }

    private sealed record CacheEntry<T>(Lazy<Task<T>> Read, DateTimeOffset ExpiresAt)
    {
        public Task<T> Value => Read.Value;

        /// <summary>Not expired, and not a failed read (a failure is read again rather than served).</summary>
        public bool IsFreshAt(DateTimeOffset now) => ExpiresAt > now && !Value.IsFaulted;
    }
}

using System.Collections.Concurrent;

namespace FanRewards.Core.Entries;

/// <summary>
/// A campaign's disqualified entrants, listed at most once per <paramref name="freshFor"/> on this instance: for the
/// prizes given at the moment of entering, where a first-come burst asks for every would-be winner. Only that path
/// gets this copy; the draws, top N and judging read the store itself, so a disqualification counts there at once.
/// A disqualification made through this copy drops what it remembered of the campaign; one made elsewhere (the admin's
/// DisqualificationService writes to the store) counts here within <paramref name="freshFor"/>, as before the split.
/// </summary>
public sealed class CachingDisqualificationStore(IDisqualificationStore inner, TimeProvider clock, TimeSpan freshFor) : IDisqualificationStore
{
    private const int MaxRememberedCampaigns = 10_000;
    private readonly ConcurrentDictionary<string, (DateTimeOffset Until, Task<IReadOnlyList<Disqualification>> List)> _lists =
        new(StringComparer.Ordinal);

    public async Task<bool> TryAddAsync(Disqualification disqualification, CancellationToken ct)
    {
        var added = await inner.TryAddAsync(disqualification, ct);
        _lists.TryRemove(disqualification.CampaignId, out _);
        return added;
    }

    public Task<Disqualification?> FindAsync(string campaignId, string entrantId, CancellationToken ct) => inner.FindAsync(campaignId, entrantId, ct);

    public Task<IReadOnlyList<Disqualification>> ListAsync(string campaignId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (!_lists.TryGetValue(campaignId, out var known) || known.Until <= now || known.List.IsFaulted || known.List.IsCanceled)
        {
            if (_lists.Count >= MaxRememberedCampaigns) _lists.Clear();
            // One list shared by every caller until it expires, read without any one caller's cancellation.
            known = (now + freshFor, inner.ListAsync(campaignId, CancellationToken.None));
            _lists[campaignId] = known;
        }
        return known.List.WaitAsync(ct);
    }
}

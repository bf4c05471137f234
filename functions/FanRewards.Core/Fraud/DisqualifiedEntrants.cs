using System.Runtime.CompilerServices;
using FanRewards.Core.Entries;

namespace FanRewards.Core.Fraud;

/// <summary>A campaign's disqualified entrants as sets, by id and by pseudonym.</summary>
public sealed record DisqualifiedSet(IReadOnlySet<string> EntrantIds, IReadOnlySet<string> Pseudonyms);

/// <summary>
/// A campaign's disqualifications as sets to look up in, built once per list the store hands out: over a
/// <see cref="CachingDisqualificationStore"/> that is once per few seconds per campaign and instance, whatever the
/// number of entries; over the table store itself, once per call (the review, which must see a disqualification just made).
/// </summary>
public sealed class DisqualifiedEntrants(IDisqualificationStore store)
{
    private readonly ConditionalWeakTable<IReadOnlyList<Disqualification>, DisqualifiedSet> _sets = [];

    public async Task<DisqualifiedSet> OfAsync(string campaignId, CancellationToken ct)
    {
        var list = await store.ListAsync(campaignId, ct);
        return _sets.GetValue(list, l => new DisqualifiedSet(
            l.Select(d => d.EntrantId).Where(id => id.Length > 0).ToHashSet(StringComparer.Ordinal),
            l.Select(d => d.Pseudonym).ToHashSet(StringComparer.Ordinal)));
    }
}

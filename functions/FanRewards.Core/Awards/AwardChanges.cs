using System.Collections.Concurrent;

namespace FanRewards.Core.Awards;

/// <summary>
/// Awards changed on this instance, per campaign: the award store counts each committed claim or pass here, so this
/// instance's published results drop their snapshot at once instead of waiting for the next version check.
/// </summary>
public sealed class AwardChanges
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Changed(string campaignId) => _counts.AddOrUpdate(campaignId, 1, (_, count) => count + 1);

    /// <summary>How many changes this instance has made to the campaign's awards; only its changing matters.</summary>
    public long Of(string campaignId) => _counts.GetValueOrDefault(campaignId);
}

using FanRewards.Core.Entries;

namespace FanRewards.Core.Fraud;

/// <summary>
/// Fraud review's one read: every entry of a campaign, bucket partition by bucket partition, with only the columns the
/// review looks at (who, when, activity, candidate, text, riddle progress, the two signals).
/// </summary>
public interface IEntrySignalReader
{
    IAsyncEnumerable<EntryRecord> ReadCampaignAsync(string campaignId, int buckets, CancellationToken ct);
}

using System.Collections.Concurrent;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Entries;

namespace FanRewards.Core.Fraud;

/// <summary>How long an instance keeps a campaign's review before reading the entries again.</summary>
public sealed record FraudReviewOptions
{
    public TimeSpan CacheFor { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// The fraud review of a campaign before its seal: reads the campaign's entries once (the needed columns only, through
/// <see cref="IEntrySignalReader"/>), runs the detectors over them in memory and keeps the result per instance for
/// <see cref="FraudReviewOptions.CacheFor"/>, so moderators paging through it, and the disqualification that follows,
/// cost no second read. A burst of readers on one instance shares one read.
/// </summary>
public sealed class FraudReview(CampaignAdminService campaigns, IEntrySignalReader reader, TimeProvider clock, FraudReviewOptions options)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset ExpiresAt, Lazy<Task<Reviewed>> Review)> _cache = new(StringComparer.Ordinal);

    /// <summary>The findings with the entrants' ids (server side only) and the report the page shows.</summary>
    public sealed record Reviewed(SuspiciousReport Report, IReadOnlyList<ClusterFinding> Findings);

    public async Task<SuspiciousReport> GetAsync(string campaignId, CancellationToken ct) => (await ReviewAsync(campaignId, ct)).Report;

    public async Task<Reviewed> ReviewAsync(string campaignId, CancellationToken ct)
    {
        var campaign = (await campaigns.GetAsync(campaignId, ct)).Campaign;
        var now = clock.GetUtcNow();
        if (!_cache.TryGetValue(campaign.Id, out var cached) || cached.ExpiresAt <= now || cached.Review.Value.IsFaulted)
        {
            var fresh = (now + options.CacheFor, new Lazy<Task<Reviewed>>(() => ReadAsync(campaign, now, CancellationToken.None)));
            cached = _cache.AddOrUpdate(campaign.Id, fresh, (_, existing) =>
                existing.ExpiresAt > now && !existing.Review.Value.IsFaulted ? existing : fresh);
        }
        return await cached.Review.Value.WaitAsync(ct);
    }

    private async Task<Reviewed> ReadAsync(Campaign campaign, DateTimeOffset now, CancellationToken ct)
    {
        var entries = new List<EntryRecord>();
        await foreach (var entry in reader.ReadCampaignAsync(campaign.Id, campaign.EntryBuckets, ct)) entries.Add(entry);
        var findings = Detect(entries, campaign.Model.FraudReview);
        var views = findings.Select(SuspiciousClusterView.From).ToList();
        var flagged = findings.SelectMany(f => f.Entrants).Select(e => e.Pseudonym).Distinct(StringComparer.Ordinal).Count();
        return new Reviewed(new SuspiciousReport(campaign.Id, now, entries.Count, flagged, views), findings);
    }

    /// <summary>Every detector over the entries, worst cluster (most entrants) first.</summary>
    public static IReadOnlyList<ClusterFinding> Detect(IReadOnlyList<EntryRecord> entries, Campaigns.Model.FraudThresholds thresholds) =>
        ClusterDetectors.NetworkBursts(entries, thresholds)
            .Concat(ClusterDetectors.FastRiddles(entries, thresholds))
            .Concat(ClusterDetectors.LikeBursts(entries, thresholds))
            .Concat(SimilarTexts.Clusters(entries, thresholds))
            .OrderByDescending(f => f.Entrants.Count).ThenBy(f => f.Id, StringComparer.Ordinal).ToList();

    /// <summary>Forgets the campaign's review, so the next read sees a disqualification just made.</summary>
    public void Forget(string campaignId) => _cache.TryRemove(campaignId, out _);
}

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
/// The fraud review of a campaign before its seal: reads the entry-time aggregates (<see cref="AggregateFindings"/>:
/// hot subjects and fast riddlers only), or, for a campaign with entries from before the aggregates, the campaign's
/// entries once (the needed columns only, through <see cref="IEntrySignalReader"/>); runs the detectors and keeps the
/// result per instance for <see cref="FraudReviewOptions.CacheFor"/>, so moderators paging through it, and the
/// disqualification that follows, cost no second read. A burst of readers on one instance shares one read. Who is
/// disqualified already is looked up on every call (one read of the campaign's disqualifications), so the report marks
/// a disqualification just made. A review first flushes this instance's own tally, so entries it took a moment ago are
/// in (other instances' arrive within their flush interval).
/// </summary>
public sealed class FraudReview(CampaignAdminService campaigns, IEntrySignalReader reader, ISignalAggregateStore aggregates, SignalTally tally,
    Figures.IFigureStore figures, DisqualifiedEntrants disqualified, TimeProvider clock, FraudReviewOptions options)
{
    /// <summary>Where a report's findings came from.</summary>
    public const string FromAggregates = "aggregates";
    public const string FromEntries = "entries";

    private readonly ConcurrentDictionary<string, (DateTimeOffset ExpiresAt, Lazy<Task<Reviewed>> Review)> _cache = new(StringComparer.Ordinal);

    /// <summary>The findings with the entrants' ids (server side only) and the report the page shows.</summary>
    public sealed record Reviewed(SuspiciousReport Report, IReadOnlyList<ClusterFinding> Findings);

    public async Task<SuspiciousReport> GetAsync(string campaignId, CancellationToken ct)
    {
        var reviewed = await ReviewAsync(campaignId, ct);
        var already = (await DisqualifiedAsync(reviewed.Report.CampaignId, ct)).Pseudonyms;
        return reviewed.Report with
        {
            Clusters = reviewed.Findings.Select(f => SuspiciousClusterView.From(f, already)).ToList(),
            AlreadyDisqualified = reviewed.Findings.SelectMany(f => f.Entrants).Select(e => e.Pseudonym).Where(already.Contains)
                .Distinct(StringComparer.Ordinal).Count(),
        };
    }

    /// <summary>The campaign's disqualified entrants as they are now.</summary>
    public Task<DisqualifiedSet> DisqualifiedAsync(string campaignId, CancellationToken ct) => disqualified.OfAsync(campaignId, ct);

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
        await tally.FlushAsync(ct);
        var (findings, read, source) = await UsesAggregatesAsync(campaign, ct)
            ? await FromAggregatesAsync(campaign, ct)
            : await FromEntriesAsync(campaign, ct);
        var views = findings.Select(f => SuspiciousClusterView.From(f, new HashSet<string>())).ToList();
        var flagged = findings.SelectMany(f => f.Entrants).Select(e => e.Pseudonym).Distinct(StringComparer.Ordinal).Count();
        return new Reviewed(new SuspiciousReport(campaign.Id, now, read, flagged, views) { Source = source }, findings);
    }

    private async Task<(IReadOnlyList<ClusterFinding>, int, string)> FromAggregatesAsync(Campaign campaign, CancellationToken ct)
    {
        var (findings, read) = await AggregateFindings.ReadAsync(aggregates, campaign, ct);
        return (findings, read, FromAggregates);
    }

    private async Task<(IReadOnlyList<ClusterFinding>, int, string)> FromEntriesAsync(Campaign campaign, CancellationToken ct)
    {
        var entries = new List<EntryRecord>();
        await foreach (var entry in reader.ReadCampaignAsync(campaign.Id, campaign.EntryBuckets, ct)) entries.Add(entry);
        return (Detect(entries, campaign.Model.FraudReview), entries.Count, FromEntries);
    }

    /// <summary>
    /// The aggregates hold every entry unless the campaign took entries before they existed: the live figures (kept
    /// for longer, one row per hour and activity) say when its first entry came, the aggregates since when they
    /// fold; an accepted hour before that hour means entries the aggregates never saw, and the whole read instead.
    /// </summary>
    private async Task<bool> UsesAggregatesAsync(Campaign campaign, CancellationToken ct)
    {
        var firstHour = (await figures.ReadAsync(campaign.Id, ct)).Where(c => c is { Outcome: Figures.EntryFigures.Accepted, Count: > 0 })
            .Select(c => (DateTimeOffset?)c.Hour).Min();
        if (firstHour is not { } first) return true;
        return await aggregates.FindSinceAsync(campaign.Id, ct) is { } since
               && first >= new DateTimeOffset(since.UtcTicks - since.UtcTicks % TimeSpan.TicksPerHour, TimeSpan.Zero);
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

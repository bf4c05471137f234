using System.Collections.Concurrent;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Telemetry;

namespace FanRewards.Core.Figures;

/// <summary>
/// The admin console's live figures: entries accepted per campaign, activity and hour (each write an entrant's request
/// made: a riddle answer that used an attempt, right or wrong, a like, a message, a signup, a check-in), and entrant
/// requests rejected per campaign, hour and reason (per campaign only: a rejected request may name no real activity).
/// The hot path only adds to an in-memory tally of this instance; <see cref="FlushAsync"/> moves the tally into
/// storage every few seconds as one small merge per campaign, so a million likes cost no extra write each. Figures are
/// for watching a campaign, not for deciding anything: the draw counts its own entry set.
/// </summary>
public sealed class EntryFigures(IFigureStore store, PublicCampaignCatalog catalog, ICampaignStore campaigns, TimeProvider clock,
    FigureOptions options)
{
    public const string Accepted = "accepted";
    public const string RejectedPrefix = "rejected:";
    /// <summary>Rejections are counted per campaign; an unknown activity id must not mint rows.</summary>
    public const string AnyActivity = "-";

    private readonly ConcurrentDictionary<FigureKey, long> _pending = new();
    /// <summary>Names this instance's adds; stamps must grow, so one flush runs at a time.</summary>
    private readonly string _instanceId = Guid.NewGuid().ToString("N");
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private long _sequence;
    private long _dropped;
    private int _keys;

    /// <summary>Counts that did not fit in the tally (a flood of distinct keys); a gauge of how partial the figures are.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Counts waiting for the next flush (a write that failed leaves its counts here), by key.</summary>
    public int PendingKeys => Volatile.Read(ref _keys);

    public void EntryAccepted(string campaignId, string activityId) =>
        Add(new FigureKey(campaignId, HourOf(clock.GetUtcNow()), activityId, Accepted));

    /// <summary>A problem answered to an entrant on a route that makes entries; the reason is the problem type's suffix.</summary>
    public void EntryRejected(string campaignId, string problemType)
    {
        if (Ids.IsValid(campaignId))
            Add(new FigureKey(campaignId, HourOf(clock.GetUtcNow()), AnyActivity, RejectedPrefix + FanRewardsTelemetry.ReasonOf(problemType)));
    }

    private void Add(FigureKey key) => AddCount(key, 1, capped: true);

    private void AddCount(FigureKey key, long amount, bool capped)
    {
        for (;;)
        {
            if (_pending.TryGetValue(key, out var count))
            {
                if (_pending.TryUpdate(key, count + amount, count)) return;
                continue;
            }
            // The key comes partly from the request (the campaign id in the route); a cap keeps a flood of made-up ids
            // from growing the tally without bound. A counter, not _pending.Count, which would lock the whole map
            // on every entry. Unknown campaigns are dropped at the flush.
            if (capped && Volatile.Read(ref _keys) >= options.MaxPendingKeys)
            {
                Interlocked.Add(ref _dropped, amount);
                return;
            }
            if (_pending.TryAdd(key, amount))
            {
                Interlocked.Increment(ref _keys);
                return;
            }
        }
    }

    /// <summary>
    /// Writes what was tallied since the last flush, per campaign that exists. A campaign whose write fails keeps its
    /// counts for the next flush; the store recognises a write that landed although its answer was lost.
    /// </summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        await _flushing.WaitAsync(ct);
        try
        {
            var taken = new List<KeyValuePair<FigureKey, long>>();
            foreach (var key in _pending.Keys)
                if (_pending.TryRemove(key, out var count))
                {
                    Interlocked.Decrement(ref _keys);
                    taken.Add(new(key, count));
                }

            foreach (var campaign in taken.GroupBy(pair => pair.Key.CampaignId, StringComparer.Ordinal))
            {
                bool known;
                try
                {
                    known = await catalog.FindVisibleAsync(campaign.Key, ct) is not null;
                }
                catch (Exception) when (!ct.IsCancellationRequested)
                {
                    foreach (var pair in campaign) AddCount(pair.Key, pair.Value, capped: false);
                    continue;
                }
                if (!known) continue;
                foreach (var chunk in campaign.Chunk(IFigureStore.MaxCountsPerAdd))
                {
                    try
                    {
                        await store.AddAsync(campaign.Key, new FlushStamp(_instanceId, ++_sequence),
                            chunk.Select(pair => new FigureCount(pair.Key.Hour, pair.Key.ActivityId, pair.Key.Outcome, pair.Value)).ToList(), ct);
                    }
                    catch (Exception) when (!ct.IsCancellationRequested)
                    {
                        foreach (var pair in chunk) AddCount(pair.Key, pair.Value, capped: false);
                    }
                }
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    /// <summary>The figures of a campaign in any state, hours in its own time zone.</summary>
    public async Task<CampaignFigures> GetAsync(string campaignId, CancellationToken ct)
    {
        if (await campaigns.FindAsync(campaignId, ct) is not { Campaign: var campaign })
            throw new ProblemException(Problem.NotFound("campaign", campaignId));
        var zone = campaign.Zone;
        var counts = await store.ReadAsync(campaign.Id, ct);
        var activities = campaign.Definition.Activities ?? [];

        var hours = counts.Where(c => c.Outcome == Accepted)
            .GroupBy(c => (c.Hour, c.ActivityId))
            .OrderBy(g => g.Key.Hour).ThenBy(g => g.Key.ActivityId, StringComparer.Ordinal)
            .Select(g => new HourFigure(CampaignTime.Format(g.Key.Hour, zone), g.Key.ActivityId, g.Sum(c => c.Count)))
            .ToList();
        var rejects = counts.Where(c => c.Outcome.StartsWith(RejectedPrefix, StringComparison.Ordinal))
            .GroupBy(c => c.Outcome[RejectedPrefix.Length..], StringComparer.Ordinal)
            .Select(g => new RejectFigure(g.Key, g.Sum(c => c.Count)))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Reason, StringComparer.Ordinal)
            .ToList();
        var byActivity = activities.Select(a => new ActivityFigure(a.Id!, a.Kind!.Value,
            counts.Where(c => c.Outcome == Accepted && c.ActivityId == a.Id).Sum(c => c.Count))).ToList();

        return new CampaignFigures(campaign.Id, zone.Id, CampaignTime.Format(clock.GetUtcNow(), zone),
            (int)Math.Ceiling(options.FlushInterval.TotalSeconds), byActivity, hours, rejects);
    }

    private static DateTimeOffset HourOf(DateTimeOffset instant) =>
        new(instant.UtcDateTime.Year, instant.UtcDateTime.Month, instant.UtcDateTime.Day, instant.UtcDateTime.Hour, 0, 0, TimeSpan.Zero);

    private readonly record struct FigureKey(string CampaignId, DateTimeOffset Hour, string ActivityId, string Outcome);
}

public sealed record FigureOptions
{
    /// <summary>How often each instance writes its tally; the figures lag by about this much.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(10);
    public int MaxPendingKeys { get; init; } = 20_000;
}

/// <summary>Which instance adds, and its how-manieth add: a retried add carries the same stamp.</summary>
public readonly record struct FlushStamp(string InstanceId, long Sequence);

/// <summary>A count to add (or, read back, the total) for one UTC hour, activity and outcome of a campaign.</summary>
public sealed record FigureCount(DateTimeOffset Hour, string ActivityId, string Outcome, long Count);

/// <summary>Where the figures are kept: each campaign's counts, added to by every instance.</summary>
public interface IFigureStore
{
    /// <summary>What one <see cref="AddAsync"/> takes: one storage transaction's worth, less the instance's marker.</summary>
    public const int MaxCountsPerAdd = 99;

    /// <summary>
    /// Adds up to <see cref="MaxCountsPerAdd"/> counts to the stored totals, all or nothing, once: an add whose stamp
    /// is not newer than the instance's last one already landed and adds nothing again.
    /// </summary>
    Task AddAsync(string campaignId, FlushStamp stamp, IReadOnlyList<FigureCount> counts, CancellationToken ct);

    Task<IReadOnlyList<FigureCount>> ReadAsync(string campaignId, CancellationToken ct);
}

public sealed record CampaignFigures(string CampaignId, string TimeZone, string CountedAt, int DelaySeconds,
    IReadOnlyList<ActivityFigure> Activities, IReadOnlyList<HourFigure> Hours, IReadOnlyList<RejectFigure> Rejects);

public sealed record ActivityFigure(string ActivityId, ActivityKind Kind, long Accepted);

public sealed record HourFigure(string Hour, string ActivityId, long Accepted);

public sealed record RejectFigure(string Reason, long Count);

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
/// <para>
/// The public leaderboards come from the same flush: likes per candidate (in total and per local day) are tallied and
/// added like the figures; for check-ins the flush reads the total of each entrant who checked in since the last one
/// (their own few rows) and merges it into the activity's stored top list. Totals only grow, so merging the newest
/// total of everyone who moved keeps that list exact without ever reading the rest.
/// </para>
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001",
    Justification = "The flush lock must outlive the container: the flusher's last flush can run after the singleton is disposed, and a SemaphoreSlim whose wait handle is never asked for holds nothing to release.")]
public sealed class EntryFigures(IFigureStore store, PublicCampaignCatalog catalog, ICampaignStore campaigns, TimeProvider clock,
    FigureOptions options, Entries.IEntryStore entries)
{
    public const string Accepted = "accepted";
    public const string RejectedPrefix = "rejected:";
    /// <summary>Rejections are counted per campaign; an unknown activity id must not mint rows.</summary>
    public const string AnyActivity = "-";

    private readonly ConcurrentDictionary<FigureKey, long> _pending = new();
    private readonly ConcurrentDictionary<BoardKey, long> _board = new();
    private readonly ConcurrentDictionary<CheckinKey, byte> _checkedIn = new();
    private int _boardKeys;
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

    /// <summary>A like counted for the leaderboard: the candidate's total and, for daily likes, its local day's.</summary>
    public void LikeCounted(string campaignId, string activityId, string candidateId, string? day)
    {
        AddBoard(new BoardKey(campaignId, activityId, candidateId, null), 1);
        if (day is not null) AddBoard(new BoardKey(campaignId, activityId, candidateId, day), 1);
    }

    /// <summary>An entrant checked in: the next flush reads their total and merges it into the activity's top list.</summary>
    public void CheckedIn(string campaignId, string activityId, int bucket, string pseudonym)
    {
        var key = new CheckinKey(campaignId, activityId, bucket, pseudonym);
        if (_checkedIn.ContainsKey(key)) return;
        if (Volatile.Read(ref _boardKeys) >= options.MaxPendingKeys)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }
        if (_checkedIn.TryAdd(key, 0)) Interlocked.Increment(ref _boardKeys);
    }

    private void AddBoard(BoardKey key, long amount, bool capped = true)
    {
        for (; ; )
        {
            if (_board.TryGetValue(key, out var count))
            {
                if (_board.TryUpdate(key, count + amount, count)) return;
                continue;
            }
            if (capped && Volatile.Read(ref _boardKeys) >= options.MaxPendingKeys)
            {
                Interlocked.Add(ref _dropped, amount);
                return;
            }
            if (_board.TryAdd(key, amount))
            {
                Interlocked.Increment(ref _boardKeys);
                return;
            }
        }
    }

    /// <summary>A problem answered to an entrant on a route that makes entries; the reason is the problem type's suffix.</summary>
    public void EntryRejected(string campaignId, string problemType)
    {
        if (Ids.IsValid(campaignId))
            Add(new FigureKey(campaignId, HourOf(clock.GetUtcNow()), AnyActivity, RejectedPrefix + FanRewardsTelemetry.ReasonOf(problemType)));
    }

    private void Add(FigureKey key) => AddCount(key, 1, capped: true);

    private void AddCount(FigureKey key, long amount, bool capped)
    {
        for (; ; )
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
            {
                if (_pending.TryRemove(key, out var count))
                {
                    Interlocked.Decrement(ref _keys);
                    taken.Add(new(key, count));
                }
            }

            var likes = new List<KeyValuePair<BoardKey, long>>();
            foreach (var key in _board.Keys)
            {
                if (_board.TryRemove(key, out var count))
                {
                    Interlocked.Decrement(ref _boardKeys);
                    likes.Add(new(key, count));
                }
            }

            var checkins = new List<CheckinKey>();
            foreach (var key in _checkedIn.Keys)
            {
                if (_checkedIn.TryRemove(key, out _))
                {
                    Interlocked.Decrement(ref _boardKeys);
                    checkins.Add(key);
                }
            }

            var campaignIds = taken.Select(p => p.Key.CampaignId).Concat(likes.Select(p => p.Key.CampaignId))
                .Concat(checkins.Select(k => k.CampaignId)).Distinct(StringComparer.Ordinal);
            foreach (var campaignId in campaignIds)
            {
                var figures = taken.Where(p => p.Key.CampaignId == campaignId).ToList();
                var boardCounts = likes.Where(p => p.Key.CampaignId == campaignId).ToList();
                var movers = checkins.Where(k => k.CampaignId == campaignId).ToList();
                bool known;
                try
                {
                    known = await catalog.FindVisibleAsync(campaignId, ct) is not null;
                }
                catch (Exception) when (!ct.IsCancellationRequested)
                {
                    KeepForNextFlush(figures, boardCounts, movers);
                    continue;
                }
                if (!known) continue;
                foreach (var chunk in figures.Chunk(IFigureStore.MaxCountsPerAdd))
                {
                    try
                    {
                        await store.AddAsync(campaignId, new FlushStamp(_instanceId, ++_sequence),
                            chunk.Select(pair => new FigureCount(pair.Key.Hour, pair.Key.ActivityId, pair.Key.Outcome, pair.Value)).ToList(), ct);
                    }
                    catch (Exception) when (!ct.IsCancellationRequested)
                    {
                        KeepForNextFlush(chunk, [], []);
                    }
                }
                foreach (var chunk in boardCounts.Chunk(IFigureStore.MaxCountsPerAdd))
                {
                    try
                    {
                        await store.AddBoardAsync(campaignId, new FlushStamp(_instanceId, ++_sequence),
                            chunk.Select(pair => new BoardCount(pair.Key.ActivityId, pair.Key.CandidateId, pair.Key.Day, pair.Value)).ToList(), ct);
                    }
                    catch (Exception) when (!ct.IsCancellationRequested)
                    {
                        KeepForNextFlush([], chunk, []);
                    }
                }
                foreach (var activity in movers.GroupBy(k => k.ActivityId, StringComparer.Ordinal))
                {
                    try
                    {
                        await store.MergeTopEntrantsAsync(campaignId, activity.Key, await TotalsOfAsync(entries, activity.ToList(), ct),
                            options.TopEntrantsKept, ct);
                    }
                    catch (Exception) when (!ct.IsCancellationRequested)
                    {
                        KeepForNextFlush([], [], activity);
                    }
                }
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    private void KeepForNextFlush(IEnumerable<KeyValuePair<FigureKey, long>> figures, IEnumerable<KeyValuePair<BoardKey, long>> likes,
        IEnumerable<CheckinKey> checkins)
    {
        foreach (var pair in figures) AddCount(pair.Key, pair.Value, capped: false);
        foreach (var pair in likes) AddBoard(pair.Key, pair.Value, capped: false);
        foreach (var key in checkins)
            if (_checkedIn.TryAdd(key, 0)) Interlocked.Increment(ref _boardKeys);
    }

    /// <summary>Each entrant's whole total and when they reached it, from their own check-in rows (a few, one per day).</summary>
    private static async Task<IReadOnlyList<EntrantTotal>> TotalsOfAsync(Entries.IEntryStore entries, IReadOnlyList<CheckinKey> movers, CancellationToken ct)
    {
        var totals = new EntrantTotal[movers.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, movers.Count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (i, token) =>
            {
                var mover = movers[i];
                var rows = await entries.ListForEntrantAsync(mover.CampaignId, mover.Bucket, mover.Pseudonym, [mover.ActivityId], token);
                var mine = rows.Where(r => r.ActivityId == mover.ActivityId).ToList();
                // Reached when the total last grew: a check-in of nothing changes no one's place.
                var grew = mine.Where(r => (r.Value ?? 0) > 0).Select(r => r.AcceptedAt).ToList();
                totals[i] = new EntrantTotal(mover.Pseudonym, mine.Sum(r => r.Value ?? 0),
                    grew.Count > 0 ? grew.Max() : mine.Select(r => r.AcceptedAt).DefaultIfEmpty(DateTimeOffset.MinValue).Min());
            });
        return totals;
    }

    /// <summary>The figures of a campaign in any state, hours in its own time zone.</summary>
    public async Task<CampaignFigures> GetAsync(string campaignId, CancellationToken ct)
    {
        if (await campaigns.FindAsync(campaignId, ct) is not { Campaign: var campaign })
            throw new ProblemException(Problem.NotFound("campaign", campaignId));
        var zone = campaign.Zone;
        var counts = await store.ReadAsync(campaign.Id, ct);

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
        var byActivity = campaign.Model.Activities.Select(a => new ActivityFigure(a.Id, a.Kind,
            counts.Where(c => c.Outcome == Accepted && c.ActivityId == a.Id).Sum(c => c.Count))).ToList();

        return new CampaignFigures(campaign.Id, zone.Id, CampaignTime.Format(clock.GetUtcNow(), zone),
            (int)Math.Ceiling(options.FlushInterval.TotalSeconds), byActivity, hours, rejects);
    }

    private static DateTimeOffset HourOf(DateTimeOffset instant) =>
        new(instant.UtcDateTime.Year, instant.UtcDateTime.Month, instant.UtcDateTime.Day, instant.UtcDateTime.Hour, 0, 0, TimeSpan.Zero);

    private readonly record struct FigureKey(string CampaignId, DateTimeOffset Hour, string ActivityId, string Outcome);

    private readonly record struct BoardKey(string CampaignId, string ActivityId, string CandidateId, string? Day);

    private readonly record struct CheckinKey(string CampaignId, string ActivityId, int Bucket, string Pseudonym);
}

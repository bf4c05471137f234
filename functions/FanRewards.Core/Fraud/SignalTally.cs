using System.Collections.Concurrent;
using System.Globalization;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Entries;
using FanRewards.Core.Figures;

namespace FanRewards.Core.Fraud;

/// <summary>
/// The fraud review's entry-time aggregates, tallied per instance as <see cref="EntryFigures"/> tallies the figures: an
/// accepted entry only adds to memory (no round trip), and <see cref="FlushAsync"/> merges the tally into storage every
/// few seconds, a transaction per 45 rows. Each entry is folded into: its network's row for its minute (new entrants),
/// for a like its candidate's, network's and minute's row, for a message or reflection one row per MinHash band of its
/// normal text; a riddle set answered too fast is decided here, from the progress in hand. A row's subject is marked
/// hot when the row reaches a level that any suspicious cluster must reach in one of its minutes (the threshold over
/// the window's minutes, rounded up: a window of W whole minutes spans at most W + 1), so the review reads only hot subjects.
/// <para>
/// Only the outline is shared with <see cref="EntryFigures"/> (take, flush in stamped chunks, keep on failure), not the code:
/// a row's items are a list (one entrant once) closed when a flush takes it, not a sum updated in place; and a failed add
/// spans partitions, so part of it may have landed: it is sent again as it was, under its own stamp, before anything newer,
/// where a failed figure add (one partition, all or nothing) simply goes back into the tally.
/// </para>
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001",
    Justification = "As EntryFigures: the flush lock must outlive the container, and a SemaphoreSlim whose wait handle is never asked for holds nothing to release.")]
public sealed class SignalTally(ISignalAggregateStore store, FigureOptions options)
{
    private readonly ConcurrentDictionary<TallyKey, TallyItems> _pending = new();
    private readonly ConcurrentDictionary<(string CampaignId, string ActivityId, string Pseudonym), FastRiddler> _fast = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _earliest = new(StringComparer.Ordinal);
    /// <summary>The earliest time this instance has noted per campaign: noting again only when an earlier entry comes.</summary>
    private readonly ConcurrentDictionary<string, DateTimeOffset> _noted = new(StringComparer.Ordinal);
    private readonly string _instanceId = Guid.NewGuid().ToString("N");
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private long _sequence;
    // Adds that failed, with the stamp they were first sent under: sent again as they were, before anything newer, so a
    // partition where one landed skips it (its marker holds that stamp) and none counts twice.
    private readonly List<(string CampaignId, FlushStamp Stamp, IReadOnlyList<SignalCount> Counts)> _unsent = [];
    private int _unsentFailures;

    /// <summary>Flushes an add may fail before it is dropped (and counted in <see cref="Dropped"/>), so one that can never
    /// land does not hold back every later flush of this instance.</summary>
    public const int MaxResends = 20;
    private long _dropped;
    private int _keys;

    /// <summary>Entries not folded because the tally was full (a flood between two flushes); the review misses them.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void EntryAccepted(Campaign campaign, EntryRecord entry)
    {
        _earliest.AddOrUpdate(campaign.Id, entry.AcceptedAt, (_, was) => entry.AcceptedAt < was ? entry.AcceptedAt : was);
        var thresholds = campaign.Model.FraudReview;
        var item = new SignalItem(entry.Pseudonym, entry.EntrantId, entry.AcceptedAt);
        var minute = MinuteOf(entry.AcceptedAt);
        if (entry.NetworkSignal is { } network)
            Add(new TallyKey(campaign.Id, SignalKind.Network, network, minute), item, HotLevel(thresholds.NetworkEntrants, thresholds.NetworkWindow));
        if (entry is { Kind: ActivityKind.Like, CandidateId: { } candidate, NetworkSignal: { } likeNetwork })
        {
            Add(new TallyKey(campaign.Id, SignalKind.Like, $"{entry.ActivityId}|{candidate}|{likeNetwork}", minute), item,
                HotLevel(thresholds.LikeBurstLikes, thresholds.LikeBurstWindow));
        }
        if (entry is { Kind: ActivityKind.Message or ActivityKind.Reflection, Text: { } text }
            && SimilarTexts.Normalise(text) is { Length: >= SimilarTexts.MinTextLength } normal)
        {
            var kept = normal.Length > SignalRow.MaxTextLength ? normal[..SignalRow.MaxTextLength] : normal;
            var bands = SimilarTexts.BandKeysOf(kept);
            for (var band = 0; band < bands.Count; band++)
            {
                // Any two items sharing a band are worth comparing: the band is hot from the second.
                Add(new TallyKey(campaign.Id, SignalKind.Text, $"{entry.ActivityId}|{band}|{bands[band].ToString("x16", CultureInfo.InvariantCulture)}", null),
                    item with { Text = kept }, 2);
            }
        }
        if (entry is { Kind: ActivityKind.Riddle, Progress: not null } && FastRiddlerOf(entry, thresholds) is { } riddler)
            _fast[(campaign.Id, entry.ActivityId, entry.Pseudonym)] = riddler;
    }

    /// <summary>The riddler if the entry's right answers hold a run as fast as <see cref="ClusterDetectors.FastRiddles"/> flags.</summary>
    public static FastRiddler? FastRiddlerOf(EntryRecord entry, Campaigns.Model.FraudThresholds thresholds)
    {
        var right = RiddleProgress.Decode(entry.Progress, DateTimeOffset.MinValue).Riddles.Values
            .Where(r => r.Correct && r.AnsweredAt != DateTimeOffset.MinValue).Select(r => r.AnsweredAt).Order().ToList();
        return ClusterDetectors.FastestRun(right, thresholds.FastRiddleCount) is { } run && run.Span < thresholds.FastRiddleWindow
            ? new FastRiddler(entry.ActivityId, entry.Pseudonym, entry.EntrantId, run.First, right)
            : null;
    }

    /// <summary>The count one minute must reach in any window of <paramref name="window"/> holding <paramref name="threshold"/>.</summary>
    public static int HotLevel(int threshold, TimeSpan window) =>
        Math.Max(1, (int)Math.Ceiling(threshold / (Math.Ceiling(window.TotalMinutes) + 1)));

    private void Add(TallyKey key, SignalItem item, int hotAt, bool capped = true)
    {
        for (; ; )
        {
            if (_pending.TryGetValue(key, out var items))
            {
                if (items.TryAdd(item)) return;
                continue; // a flush took it just now: start a new one
            }
            // A cap keeps a flood between two flushes from growing the tally without bound (as the figures' cap).
            if (capped && Volatile.Read(ref _keys) >= options.MaxPendingKeys)
            {
                Interlocked.Increment(ref _dropped);
                return;
            }
            var fresh = new TallyItems(key.Kind, hotAt);
            fresh.TryAdd(item);
            if (_pending.TryAdd(key, fresh))
            {
                Interlocked.Increment(ref _keys);
                return;
            }
        }
    }

    /// <summary>
    /// Writes what was tallied since the last flush. A write that fails leaves its items for the next flush; the store
    /// recognises a write that landed although its answer was lost, and items are told apart, so none counts twice.
    /// </summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        await _flushing.WaitAsync(ct);
        try
        {
            var taken = new List<(TallyKey Key, TallyItems Items)>();
            foreach (var key in _pending.Keys)
            {
                if (!_pending.TryRemove(key, out var items)) continue;
                Interlocked.Decrement(ref _keys);
                items.Close();
                taken.Add((key, items));
            }
            var riddlers = new List<((string, string, string) Key, FastRiddler Riddler)>();
            foreach (var key in _fast.Keys)
                if (_fast.TryRemove(key, out var riddler)) riddlers.Add((key, riddler));

            foreach (var (campaignId, earliest) in _earliest)
            {
                if (_noted.TryGetValue(campaignId, out var noted) && noted <= earliest) continue;
                try
                {
                    await store.NoteSinceAsync(campaignId, earliest, ct);
                    _noted[campaignId] = earliest;
                }
                catch (Exception) when (!ct.IsCancellationRequested)
                {
                    // noted on the next flush
                }
            }

            // While an older add is unsent, nothing newer goes out: a newer stamp landing in a partition would make that
            // partition skip the older add when it is sent again. What was taken waits in the tally for the next flush.
            if (!await ResendUnsentAsync(ct))
            {
                foreach (var (key, items) in taken) KeepForNextFlush(key, items);
                taken.Clear();
            }
            // Chunked by the store's merge group (its partition), so that each add is one full transaction rather than
            // a few rows in each of the campaign's partitions (every entrant from a network of its own made ~0.7
            // transactions per like before).
            foreach (var group in taken.GroupBy(t => (t.Key.CampaignId, store.MergeGroupOf(t.Key.CampaignId, t.Key.Kind, t.Key.Subject))))
            {
                foreach (var chunk in group.Chunk(ISignalAggregateStore.MaxCountsPerAdd))
                {
                    var stamp = new FlushStamp(_instanceId, ++_sequence);
                    var counts = chunk.Select(t => new SignalCount(t.Key.Kind, t.Key.Subject, t.Key.Minute, t.Items.Snapshot(), t.Items.HotAt)).ToList();
                    try
                    {
                        if (_unsent.Count == 0) await store.AddAsync(group.Key.CampaignId, stamp, counts, ct);
                        else _unsent.Add((group.Key.CampaignId, stamp, counts));
                    }
                    catch (Exception)
                    {
                        // A stop (the token) included: what was taken must not be lost. Part of it may have landed (one transaction per partition): sent again under this same stamp.
                        _unsent.Add((group.Key.CampaignId, stamp, counts));
                    }
                }
            }
            foreach (var campaign in riddlers.GroupBy(r => r.Key.Item1, StringComparer.Ordinal))
            {
                foreach (var chunk in campaign.Chunk(99))
                {
                    try
                    {
                        await store.PutFastRiddlersAsync(campaign.Key, chunk.Select(r => r.Riddler).ToList(), ct);
                    }
                    catch (Exception)
                    {
                        foreach (var (key, riddler) in chunk) _fast.TryAdd(key, riddler);
                    }
                }
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    /// <summary>Sends the failed adds again, oldest first, each under its own stamp; false while one still fails.</summary>
    private async Task<bool> ResendUnsentAsync(CancellationToken ct)
    {
        while (_unsent.Count > 0)
        {
            var (campaignId, stamp, counts) = _unsent[0];
            try
            {
                await store.AddAsync(campaignId, stamp, counts, ct);
            }
            catch (Exception)
            {
                if (++_unsentFailures < MaxResends) return false;
                Interlocked.Add(ref _dropped, counts.Sum(c => c.Items.Count));
            }
            _unsent.RemoveAt(0);
            _unsentFailures = 0;
        }
        return true;
    }

    private void KeepForNextFlush(TallyKey key, TallyItems taken)
    {
        foreach (var item in taken.Snapshot()) Add(key, item, taken.HotAt, capped: false);
    }

    public static DateTimeOffset MinuteOf(DateTimeOffset instant) =>
        new(instant.UtcTicks - instant.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);

    private readonly record struct TallyKey(string CampaignId, SignalKind Kind, string Subject, DateTimeOffset? Minute);

    /// <summary>A row's items since the last flush: one entrant once (their earliest), as the stored row keeps them.</summary>
    private sealed class TallyItems(SignalKind kind, int hotAt)
    {
        private readonly List<SignalItem> _items = [];
        private bool _closed;
        public int HotAt { get; } = hotAt;

        /// <summary>False once a flush has taken the list: the caller starts a new one.</summary>
        public bool TryAdd(SignalItem item)
        {
            lock (_items)
            {
                if (_closed) return false;
                if (_items.Count >= SignalRow.MaxItems * 2) return true; // the stored row lists no more either
                if (kind == SignalKind.Like || !_items.Exists(i => i.Pseudonym == item.Pseudonym)) _items.Add(item);
                return true;
            }
        }

        public void Close()
        {
            lock (_items) _closed = true;
        }

        public IReadOnlyList<SignalItem> Snapshot()
        {
            lock (_items) return [.. _items];
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Azure.Core;
using Azure.Core.Pipeline;
using FanRewards.Core.Draws;
using FanRewards.Core.Entries;
using FanRewards.Core.Telemetry;
using FanRewards.Storage;

namespace FanRewards.Functions.Tests.Draws;

/// <summary>
/// Shard leases on real Table Storage (Azurite): a worker that is alive, however slow, is never doubled by a redelivery
/// or the timer; one that died is replaced once its lease lapses, and the draw ends as an uninterrupted one would. The
/// timer reads only the due index.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DrawLeaseTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Evening = DrawScenario.Start.AddHours(8).AddMinutes(1); // past 20:00 in Shanghai

    /// <summary>Renewals every 50 ms of real time, so a test sees them while it moves the hand-driven clock.</summary>
    private static readonly DrawOptions FastRenewal = new() { LeaseDuration = TimeSpan.FromSeconds(60), LeaseRenewal = TimeSpan.FromMilliseconds(50) };

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_shard_whose_worker_is_alive_but_slow_is_scanned_once_whatever_the_timer_and_redeliveries_do()
    {
        using var scans = new ShardScans("slow");
        GatedEntryStore gate = null!;
        var s = await DrawScenario.CreateAsync(azurite, FastRenewal, inner => gate = new GatedEntryStore(inner));
        await s.PublishAsync("slow", draws: 1);
        var bucket = gate.Bucket = await s.BucketOfAsync("slow", "fan-001");
        await s.EnterAsync(await s.CampaignAsync("slow"), 40);
        s.Clock.Now = Evening;
        await s.Service.TickAsync(CancellationToken.None);
        // Every shard but the slow one runs to its end.
        await s.Queue.DeliverAllAsync(s.Service, drop: m => m.Queue == "shard" && m.Step.Bucket == bucket);

        var step = new DrawStep("slow", "evening", bucket);
        var slow = s.Service.RunShardAsync(step, CancellationToken.None);
        await gate.Entered.Task.WaitAsync(Patience);
        // Minutes pass on the clock while the worker waits on one long storage page; its renewals keep the lease alive.
        s.Clock.Now += FastRenewal.LeaseDuration * 3;
        await Poll.UntilAsync(async () => (await s.Draws.FindLeaseAsync("slow", "evening", bucket, DrawPhase.Seal, CancellationToken.None))!.IsHeldAt(s.Clock.Now),
            Patience, "the slow shard's lease to be renewed past the moved clock");

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => s.Service.RunShardAsync(step, CancellationToken.None))); // redeliveries
        Assert.Equal(0, await s.Service.TickAsync(CancellationToken.None));
        Assert.Empty(s.Queue.Pending);
        Assert.False(slow.IsCompleted);

        gate.Release.SetResult();
        await slow.WaitAsync(Patience);
        Assert.Equal(["merge"], s.Queue.Pending.Select(m => m.Queue));
        await s.Queue.DeliverAllAsync(s.Service);

        Assert.Equal(DrawState.Drawn, (await s.Draws.FindAsync("slow", "evening", CancellationToken.None))!.State);
        Assert.Equal(1, gate.Scans);
        Assert.Equal((16, 16), (scans.Started, scans.Completed));
    }

    [Fact]
    public async Task A_shard_whose_worker_died_is_sent_again_once_its_lease_lapses_and_the_draw_ends_as_an_uninterrupted_one()
    {
        // The same campaign, entries and seed, drawn without interruption in other tables.
        var calm = await DrawScenario.CreateAsync(azurite);
        await calm.PublishAsync("died", draws: 1);
        await calm.EnterAsync(await calm.CampaignAsync("died"), 60);
        calm.Clock.Now = Evening;
        await calm.Service.TickAsync(CancellationToken.None);
        await calm.Queue.DeliverAllAsync(calm.Service);
        var expected = await calm.ProofAsync("died", "evening");
        Assert.Equal("drawn", expected.State);

        using var scans = new ShardScans("died");
        GatedEntryStore gate = null!;
        var s = await DrawScenario.CreateAsync(azurite, FastRenewal, inner => gate = new GatedEntryStore(inner));
        await s.PublishAsync("died", draws: 1);
        // The same entrants get the same pseudonyms as in the calm run: its pseudonym key, like its seed below.
        await s.UsePseudonymKeyOfAsync("died", await calm.CampaignAsync("died"));
        var bucket = gate.Bucket = await s.BucketOfAsync("died", "fan-001");
        await s.EnterAsync(await s.CampaignAsync("died"), 60);
        var draw = (await s.Draws.FindAsync("died", "evening", CancellationToken.None))!;
        var calmDraw = (await calm.Draws.FindAsync("died", "evening", CancellationToken.None))!;
        Assert.True(await s.Draws.TryReplaceAsync(draw with { Seed = calmDraw.Seed, Commitment = calmDraw.Commitment }, CancellationToken.None));
        s.Clock.Now = Evening;
        await s.Service.TickAsync(CancellationToken.None);
        await s.Queue.DeliverAllAsync(s.Service, drop: m => m.Queue == "shard" && m.Step.Bucket == bucket);

        // The worker dies mid-scan: it writes nothing more, not even to give its lease back.
        using (var death = new CancellationTokenSource())
        {
            var dying = s.Service.RunShardAsync(new DrawStep("died", "evening", bucket), death.Token);
            await gate.Entered.Task.WaitAsync(Patience);
            await death.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dying.WaitAsync(Patience));
        }

        // Until its lease lapses nobody can tell it from a slow worker: the timer leaves it alone.
        Assert.Equal(0, await s.Service.TickAsync(CancellationToken.None));
        Assert.Empty(s.Queue.Pending);
        s.Clock.Now += FastRenewal.LeaseDuration + TimeSpan.FromSeconds(1);
        Assert.Equal(1, await s.Service.TickAsync(CancellationToken.None));
        Assert.Equal([("shard", (int?)bucket)], s.Queue.Pending.Select(m => (m.Queue, m.Step.Bucket)));
        Assert.Equal(0, await s.Service.TickAsync(CancellationToken.None)); // sent once: now on its way
        await s.Queue.DeliverAllAsync(s.Service);

        var proof = await s.ProofAsync("died", "evening");
        Assert.Equal("drawn", proof.State);
        Assert.Equal(expected.Seed, proof.Seed);
        Assert.Equal(expected.EntrySetDigest, proof.EntrySetDigest);
        Assert.Equal(expected.EntryCount, proof.EntryCount);
        Assert.Equal(expected.Ranking, proof.Ranking);
        Assert.Equal(await calm.ReadWholeEntrySetAsync("died", "evening"), await s.ReadWholeEntrySetAsync("died", "evening"));
        Assert.Equal(2, gate.Scans);
        Assert.Equal((17, 16), (scans.Started, scans.Completed)); // one death, one scan more
    }

    [Fact]
    public async Task A_shard_run_that_fails_gives_its_lease_back_so_the_retried_message_runs_it_at_once()
    {
        using var scans = new ShardScans("fails");
        GatedEntryStore gate = null!;
        var s = await DrawScenario.CreateAsync(azurite, FastRenewal, inner => gate = new GatedEntryStore(inner, failFirst: true));
        await s.PublishAsync("fails", draws: 1);
        var bucket = gate.Bucket = await s.BucketOfAsync("fails", "fan-001");
        await s.EnterAsync(await s.CampaignAsync("fails"), 40);
        s.Clock.Now = Evening;
        await s.Service.TickAsync(CancellationToken.None);
        await s.Queue.DeliverAllAsync(s.Service, drop: m => m.Queue == "shard" && m.Step.Bucket == bucket);

        var step = new DrawStep("fails", "evening", bucket);
        await Assert.ThrowsAsync<TimeoutException>(() => s.Service.RunShardAsync(step, CancellationToken.None));
        Assert.False((await s.Draws.FindLeaseAsync("fails", "evening", bucket, DrawPhase.Seal, CancellationToken.None))!.IsHeldAt(s.Clock.Now));
        await s.Service.RunShardAsync(step, CancellationToken.None); // the queue's retry, the clock not moved
        await s.Queue.DeliverAllAsync(s.Service);

        Assert.Equal(DrawState.Drawn, (await s.Draws.FindAsync("fails", "evening", CancellationToken.None))!.State);
        Assert.Equal((17, 16), (scans.Started, scans.Completed));
    }

    [Fact]
    public async Task Every_shard_message_delivered_five_times_at_once_scans_each_shard_once()
    {
        using var scans = new ShardScans("storm");
        var s = await DrawScenario.CreateAsync(azurite);
        await s.PublishAsync("storm", draws: 1);
        await s.EnterAsync(await s.CampaignAsync("storm"), 60);
        s.Clock.Now = Evening;
        // A scheduled and a manual start at once, each of their messages delivered five times, all concurrently.
        await Task.WhenAll(s.Service.TickAsync(CancellationToken.None), s.Service.RequestRunAsync("storm", "evening", TestAdmins.Named("admin"), CancellationToken.None));
        await s.Queue.DeliverAllAsync(s.Service, deliverEachTimes: 5, concurrently: true);

        Assert.Equal(DrawState.Drawn, (await s.Draws.FindAsync("storm", "evening", CancellationToken.None))!.State);
        Assert.Equal((16, 16), (scans.Started, scans.Completed));
    }

    [Fact]
    public async Task The_timer_reads_only_the_due_index_however_many_campaigns_are_finished()
    {
        var requests = new RequestLog();
        var s = await DrawScenario.CreateAsync(azurite, requests: requests);
        await s.PublishAsync("last", draws: 2); // tonight's draw runs; tomorrow's is in the index, not due yet
        await s.EnterAsync(await s.CampaignAsync("last"), 20);
        s.Clock.Now = Evening;
        Assert.Equal(1, await s.Service.TickAsync(CancellationToken.None));
        await s.Queue.DeliverAllAsync(s.Service);
        Assert.Equal(DrawState.Drawn, (await s.Draws.FindAsync("last", "evening", CancellationToken.None))!.State);
        Assert.Equal(["last:evening-2"], (await s.Draws.ListDueAsync(DateTimeOffset.MaxValue, CancellationToken.None)).Select(d => $"{d.CampaignId}:{d.DrawId}"));
        // A thousand finished campaigns' draws, as the merge leaves them: drawn, out of the index.
        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            await s.Draws.EnsureDrawsAsync([new DrawRecord
            {
                CampaignId = $"done-{i:D4}", DrawId = "evening", At = DrawScenario.Start, State = DrawState.Drawn, Seed = new byte[32],
                Commitment = "c", Shards = 16, DrawnAt = DrawScenario.Start,
            }], ct));

        requests.Reset();
        Assert.Equal(0, await s.Service.TickAsync(CancellationToken.None));

        var read = Assert.Single(requests.Uris);
        Assert.Contains("Draws()", read, StringComparison.Ordinal);
        Assert.Contains($"PartitionKey eq '{TableDrawStore.DueIndexPartition}'", read, StringComparison.Ordinal);
        Assert.Equal(1, requests.Counter.Reads);
        Assert.Equal(0, requests.Counter.Writes);
    }

    [Fact]
    public async Task Draws_stored_before_the_due_index_are_indexed_once_and_then_cost_one_read_per_start()
    {
        var requests = new RequestLog();
        var s = await DrawScenario.CreateAsync(azurite, requests: requests);
        await s.PublishAsync("old", draws: 2);
        // As an earlier version stored them: the draws, no index rows; one already drawn.
        await s.Draws.RemoveDueAsync("old", "evening", CancellationToken.None);
        await s.Draws.RemoveDueAsync("old", "evening-2", CancellationToken.None);
        var first = (await s.Draws.FindAsync("old", "evening", CancellationToken.None))!;
        Assert.True(await s.Draws.TryReplaceAsync(first with { State = DrawState.Drawn, DrawnAt = DrawScenario.Start }, CancellationToken.None));
        Assert.Empty(await s.Draws.ListDueAsync(DateTimeOffset.MaxValue, CancellationToken.None));

        await s.Draws.IndexUnfinishedDrawsOnceAsync(CancellationToken.None);
        Assert.Equal(["old:evening-2"], (await s.Draws.ListDueAsync(DateTimeOffset.MaxValue, CancellationToken.None)).Select(d => $"{d.CampaignId}:{d.DrawId}"));

        requests.Reset();
        await s.Draws.IndexUnfinishedDrawsOnceAsync(CancellationToken.None);
        Assert.Equal((1, 0), (requests.Counter.Reads, requests.Counter.Writes));
    }

    /// <summary>Counts the draw's shard scans of one campaign, by phase, from the FanRewards meter.</summary>
    private sealed class ShardScans : IDisposable
    {
        private readonly MeterListener _listener = new();
        private int _started;
        private int _completed;

        public ShardScans(string campaignId)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == FanRewardsTelemetry.Name && instrument.Name == FanRewardsTelemetry.DrawShardsName)
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                string? campaign = null, phase = null;
                foreach (var tag in tags)
                {
                    if (tag.Key == "campaign") campaign = tag.Value as string;
                    else if (tag.Key == FanRewardsTelemetry.DrawShardPhaseTag) phase = tag.Value as string;
                }

                if (campaign != campaignId) return;
                if (phase == "started") Interlocked.Add(ref _started, (int)value);
                if (phase == "completed") Interlocked.Add(ref _completed, (int)value);
            });
            _listener.Start();
        }

        public int Started => Volatile.Read(ref _started);
        public int Completed => Volatile.Read(ref _completed);
        public void Dispose() => _listener.Dispose();
    }

    /// <summary>Every storage request's decoded address, beside the shared counter of reads and writes.</summary>
    private sealed class RequestLog : HttpPipelinePolicy
    {
        private readonly ConcurrentQueue<string> _uris = new();
        public StorageRequestCounter Counter { get; } = new();
        public IReadOnlyList<string> Uris => _uris.ToList();

        public void Reset()
        {
            _uris.Clear();
            Counter.Reset();
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Log(message);
            Counter.Process(message, pipeline);
        }

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Log(message);
            return Counter.ProcessAsync(message, pipeline);
        }

        private void Log(HttpMessage message) => _uris.Enqueue(Uri.UnescapeDataString(message.Request.Uri.ToString()));
    }

    /// <summary>
    /// The draw's entry store, whose first scan of one bucket waits until the test releases it (or the worker is
    /// cancelled): a shard stuck in one long storage page.
    /// </summary>
    /// <param name="failFirst">The first scan fails (a storage timeout) instead of waiting.</param>
    private sealed class GatedEntryStore(IEntryStore inner, bool failFirst = false) : IEntryStore
    {
        private int _scans;
        /// <summary>The bucket whose first scan is held: set once the campaign is published, since its key decides the buckets.</summary>
        public int Bucket { get; set; } = -1;
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Scans => Volatile.Read(ref _scans);

        public async IAsyncEnumerable<EntryRecord> ScanBucketAsync(string campaignId, int b, string activityId,
            [EnumeratorCancellation] CancellationToken ct)
        {
            if (b == Bucket && Interlocked.Increment(ref _scans) == 1)
            {
                if (failFirst) throw new TimeoutException("The storage page did not come.");
                Entered.TrySetResult();
                await Release.Task.WaitAsync(ct);
            }
            await foreach (var entry in inner.ScanBucketAsync(campaignId, b, activityId, ct)) yield return entry;
        }

        public Task<EntryRecord?> FindAsync(string campaignId, int b, string rowKey, CancellationToken ct) => inner.FindAsync(campaignId, b, rowKey, ct);
        public Task<string?> TryInsertAsync(EntryRecord entry, CancellationToken ct) => inner.TryInsertAsync(entry, ct);
        public Task<string?> TryReplaceAsync(EntryRecord entry, CancellationToken ct) => inner.TryReplaceAsync(entry, ct);
        public IAsyncEnumerable<EntryRecord> ScanActivityAsync(string campaignId, int buckets, string activityId, EntryStatus? status, CancellationToken ct) =>
            inner.ScanActivityAsync(campaignId, buckets, activityId, status, ct);
        public Task<IReadOnlyList<EntryRecord>> ListForEntrantAsync(string campaignId, int b, string pseudonym, IEnumerable<string> activityIds,
            CancellationToken ct) => inner.ListForEntrantAsync(campaignId, b, pseudonym, activityIds, ct);
    }
}

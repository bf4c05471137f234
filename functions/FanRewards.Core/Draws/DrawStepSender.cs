using FanRewards.Core.Steps;
using FanRewards.Core.Telemetry;

namespace FanRewards.Core.Draws;

/// <summary>
/// Sends a running draw's steps (its shards, then its merge) so that each goes out once: the send goes to whoever marks
/// the step's lease first, and a step whose message was lost is sent again once <see cref="DrawOptions.PickupTimeout"/>
/// has passed. A second message for a step is harmless anyway: its lease lets one worker run it.
/// </summary>
public sealed class DrawStepSender(IDrawStore draws, IStepQueue queue, TimeProvider clock, DrawOptions options)
{
    /// <summary>
    /// Sends the steps of a running draw that nobody works on and no message is on its way for: each shard not done,
    /// then the merge once every shard is. Returns how many it sent.
    /// </summary>
    public async Task<int> SendIdleStepsAsync(DrawRecord draw, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var leases = (await draws.ListLeasesAsync(draw.CampaignId, draw.DrawId, ct)).ToDictionary(l => l.Bucket ?? -1);
        var sent = 0;
        var done = 0;
        for (var bucket = 0; bucket < draw.Shards; bucket++)
        {
            var lease = leases.GetValueOrDefault(bucket) ?? StepLease.New(draw, bucket);
            if (lease.Done) done++;
            else if (await TrySendAsync(draw, lease, now, ct)) sent++;
        }
        if (done == draw.Shards && await TrySendAsync(draw, leases.GetValueOrDefault(-1) ?? StepLease.New(draw, null), now, ct)) sent++;
        return sent;
    }

    /// <summary>Asks for the merge once every shard's lease says done; a shard that finished calls it.</summary>
    public async Task SendMergeWhenShardsDoneAsync(DrawRecord draw, CancellationToken ct)
    {
        var leases = await draws.ListLeasesAsync(draw.CampaignId, draw.DrawId, ct);
        if (leases.Count(l => l.Bucket is not null && l.Done) < draw.Shards) return;
        await TrySendAsync(draw, leases.FirstOrDefault(l => l.Bucket is null) ?? StepLease.New(draw, null), clock.GetUtcNow(), ct);
    }

    private async Task<bool> TrySendAsync(DrawRecord draw, StepLease lease, DateTimeOffset now, CancellationToken ct)
    {
        if (!lease.NeedsSendingAt(now, options.PickupTimeout)) return false;
        // The mark is written before the send and only its winner sends. A send lost after the mark is noticed by the
        // timer once the pickup timeout has passed.
        if (await draws.TryWriteLeaseAsync(lease with { EnqueuedAt = now }, ct) is null) return false;
        if (lease.Bucket is { } bucket) await queue.EnqueueAsync(DrawQueues.Shard, Next(draw, bucket), ct);
        else await queue.EnqueueAsync(DrawQueues.Merge, Next(draw), ct);
        return true;
    }

    /// <summary>The next step of a draw, in the trace of the step that asks for it.</summary>
    private static DrawStep Next(DrawRecord draw, int? bucket = null) =>
        new(draw.CampaignId, draw.DrawId, bucket, TraceParent: FanRewardsTelemetry.CurrentTraceParent());
}

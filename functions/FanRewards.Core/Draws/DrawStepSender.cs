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
    /// The pass a draw's shards are in: the seal's scan while it seals (and for a draw without witnesses, whose seal
    /// scored too), the scoring of the sealed set once a draw with witnesses runs.
    /// </summary>
    public static DrawPhase PhaseOf(DrawRecord draw) => draw is { State: DrawState.Running, HasWitnesses: true } ? DrawPhase.Score : DrawPhase.Seal;

    /// <summary>
    /// Sends the steps of a sealing or running draw that nobody works on and no message is on its way for: each shard
    /// of its current pass not done, then the merge once every shard is. Returns how many it sent.
    /// </summary>
    public async Task<int> SendIdleStepsAsync(DrawRecord draw, CancellationToken ct)
    {
        if (draw.State is not (DrawState.Sealing or DrawState.Running)) return 0;
        var now = clock.GetUtcNow();
        var phase = PhaseOf(draw);
        var leases = (await draws.ListLeasesAsync(draw.CampaignId, draw.DrawId, ct))
            .Where(l => l.Bucket is null || l.Phase == phase).ToDictionary(l => l.Bucket ?? -1);
        var sent = 0;
        var done = 0;
        for (var bucket = 0; bucket < draw.Shards; bucket++)
        {
            var lease = leases.GetValueOrDefault(bucket) ?? StepLease.New(draw, bucket, phase);
            if (lease.Done) done++;
            else if (await TrySendAsync(draw, lease, now, ct)) sent++;
        }
        if (done == draw.Shards && await TrySendAsync(draw, leases.GetValueOrDefault(-1) ?? StepLease.New(draw, null), now, ct)) sent++;
        return sent;
    }

    /// <summary>Asks for the merge once every shard's lease says done; a shard that finished calls it.</summary>
    public async Task SendMergeWhenShardsDoneAsync(DrawRecord draw, CancellationToken ct)
    {
        var phase = PhaseOf(draw);
        var leases = await draws.ListLeasesAsync(draw.CampaignId, draw.DrawId, ct);
        if (leases.Count(l => l.Bucket is not null && l.Phase == phase && l.Done) < draw.Shards) return;
        await TrySendAsync(draw, leases.FirstOrDefault(l => l.Bucket is null) ?? StepLease.New(draw, null), clock.GetUtcNow(), ct);
    }

    private async Task<bool> TrySendAsync(DrawRecord draw, StepLease lease, DateTimeOffset now, CancellationToken ct)
    {
        if (!lease.NeedsSendingAt(now, options.PickupTimeout)) return false;
        // The mark is written before the send and only its winner sends. A send lost after the mark is noticed by the
        // timer once the pickup timeout has passed.
        if (await draws.TryWriteLeaseAsync(lease with { EnqueuedAt = now }, ct) is null) return false;
        if (lease.Bucket is { } bucket) await queue.EnqueueAsync(DrawQueues.Shard, Next(draw, bucket) with { Phase = lease.Phase == DrawPhase.Score ? DrawStep.ScorePhase : null }, ct);
        else await queue.EnqueueAsync(DrawQueues.Merge, Next(draw), ct);
        return true;
    }

    /// <summary>The next step of a draw, in the trace of the step that asks for it.</summary>
    private static DrawStep Next(DrawRecord draw, int? bucket = null) =>
        new(draw.CampaignId, draw.DrawId, bucket, TraceParent: FanRewardsTelemetry.CurrentTraceParent());
}

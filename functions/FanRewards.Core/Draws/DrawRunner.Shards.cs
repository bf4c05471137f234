using FanRewards.Core.Fairness;
using FanRewards.Core.Telemetry;

namespace FanRewards.Core.Draws;

/// <summary>The shard steps: the seal's scan of one entry partition, and (with witnesses) the scoring of its sealed chunks.</summary>
public sealed partial class DrawRunner
{
    public async Task RunShardAsync(DrawStep step, CancellationToken ct)
    {
        var bucket = step.Bucket ?? throw new ArgumentException("A shard step names its bucket.", nameof(step));
        var phase = step.ShardPhase;
        using var span = FanRewardsTelemetry.StartDrawActivity("draw.shard", step.CampaignId, step.DrawId, step.TraceParent);
        span?.SetTag("draw.bucket", bucket);
        var draw = await draws.FindAsync(step.CampaignId, step.DrawId, ct);
        // A seal's shard runs while the draw seals (or runs, for a draw that started before sealing existed); a scoring
        // shard only once a draw with witnesses runs.
        var expected = draw is null ? false : phase == DrawPhase.Score
            ? draw is { State: DrawState.Running, HasWitnesses: true }
            : draw.State == DrawState.Sealing || draw is { State: DrawState.Running, HasWitnesses: false };
        if (draw is null || !expected || bucket < 0 || bucket >= draw.Shards) return;
        // Done, or a live worker on it (a redelivered message, a restart while it scans): this delivery does nothing.
        await using (var held = await HeldLease.TakeAsync(draws, clock, options, draw, bucket, phase, ct))
        {
            if (held is null)
            {
                span?.SetTag("draw.shard.skipped", true);
            }
            else
            {
                try
                {
                    // A done marker without a done lease: an earlier run finished and died before saying so.
                    if (!await draws.IsShardDoneAsync(draw.CampaignId, draw.DrawId, bucket, phase, held.Token)
                        && !await (phase == DrawPhase.Score ? ScoreShardAsync(draw, bucket, held) : ScanShardAsync(draw, bucket, held)))
                    {
                        return;
                    }
                }
                catch (OperationCanceledException) when (held.Lost && !ct.IsCancellationRequested)
                {
                    return; // taken over by another worker, which finishes the shard
                }
                await held.ReleaseAsync(done: true, ct);
            }
        }
        // Whoever marks the last shard done asks for the merge; the merge's lease makes a second ask harmless.
        await steps.SendMergeWhenShardsDoneAsync(draw, ct);
    }

    /// <summary>
    /// The seal's scan of one shard: its eligible entries as of the cutoff, stored as entry-set chunks, and for a draw
    /// without witnesses (whose draw seed is its seed) scored in the same pass, its best k+m kept; then the done marker,
    /// under the held lease. False when the lease was lost before the done marker (then the new holder writes it).
    /// </summary>
    private async Task<bool> ScanShardAsync(DrawRecord draw, int bucket, HeldLease held)
    {
        var ct = held.Token;
        FanRewardsTelemetry.DrawShardScanStarted(draw.CampaignId);
        // Streams the partition in pseudonym order: memory holds one chunk and the shard's best k+m, however many
        // entries there are.
        var campaign = await CampaignOfAsync(draw, ct);
        var runId = held.RunId;
        var scoreNow = !draw.HasWitnesses;
        var top = new TopRanked(scoreNow ? draw.RankedCount : 0);
        var chunk = new List<DrawEntry>(options.ChunkSize);
        var chunks = 0;
        var eligible = 0L;
        await foreach (var entry in eligibility.EligibleInBucketAsync(campaign, draw, bucket, ct))
        {
            eligible++;
            if (scoreNow)
            {
                top.Add(new ScoredEntry(entry.Pseudonym, entry.Weight,
                    DrawScoring.Score(draw.Seed, draw.CampaignId, draw.DrawId, entry.Pseudonym, entry.Weight))
                { EntrantId = entry.EntrantId });
            }
            chunk.Add(entry);
            if (chunk.Count < options.ChunkSize) continue;
            await draws.WriteShardChunkAsync(draw.CampaignId, draw.DrawId, bucket, runId, chunks++, chunk, draw.HasWitnesses, ct);
            chunk.Clear();
        }
        if (chunk.Count > 0) await draws.WriteShardChunkAsync(draw.CampaignId, draw.DrawId, bucket, runId, chunks++, chunk, draw.HasWitnesses, ct);
        // The renewals go on while the best k+m and the done marker are written (a throttled account at 20:00 can take
        // longer than a lease for them); a renewal that finds the lease taken over cancels these writes.
        if (held.Lost) return false;
        await draws.CompleteShardAsync(draw.CampaignId, draw.DrawId, runId, chunks, new ShardResult(bucket, eligible, top.Ranked()), DrawPhase.Seal, ct);
        FanRewardsTelemetry.DrawShardScanCompleted(draw.CampaignId);
        return true;
    }

    /// <summary>
    /// A draw with witnesses, after the last reveal: one shard's sealed chunks scored with the draw seed (never Entries
    /// again, so nothing after the seal can enter), its best k+m and done marker stored for the merge.
    /// </summary>
    private async Task<bool> ScoreShardAsync(DrawRecord draw, int bucket, HeldLease held)
    {
        var ct = held.Token;
        var drawSeed = draw.DrawSeed();
        var top = new TopRanked(draw.RankedCount);
        await foreach (var entry in draws.ReadSealedShardAsync(draw.CampaignId, draw.DrawId, bucket, ct))
        {
            top.Add(new ScoredEntry(entry.Pseudonym, entry.Weight, DrawScoring.Score(drawSeed, draw.CampaignId, draw.DrawId, entry.Pseudonym, entry.Weight))
            { EntrantId = entry.EntrantId });
        }
        if (held.Lost) return false;
        await draws.CompleteShardAsync(draw.CampaignId, draw.DrawId, held.RunId, 0, new ShardResult(bucket, top.Seen, top.Ranked()), DrawPhase.Score, ct);
        return true;
    }
}

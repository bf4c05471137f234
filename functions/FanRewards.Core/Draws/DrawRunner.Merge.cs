using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Json;
using FanRewards.Core.Telemetry;

namespace FanRewards.Core.Draws;

/// <summary>
/// The merge step, after every shard of the current pass is done: at the end of the seal it stores the entry set's
/// digest and count (Sealed, public from then on, before any deciding value); once running, it ranks, awards and moves
/// the draw to Drawn, which reveals the seed.
/// </summary>
public sealed partial class DrawRunner
{
    public async Task MergeAsync(DrawStep step, CancellationToken ct)
    {
        using var span = FanRewardsTelemetry.StartDrawActivity("draw.merge", step.CampaignId, step.DrawId, step.TraceParent);
        var draw = await draws.FindAsync(step.CampaignId, step.DrawId, ct);
        if (draw is not { State: DrawState.Sealing or DrawState.Running }) return;
        // The merge is idempotent but heavy (its digest reads the whole entry set): one at a time, under a lease.
        await using var held = await HeldLease.TakeAsync(draws, clock, options, draw, bucket: null, DrawPhase.Seal, ct);
        if (held is null) return;
        try
        {
            await MergeHeldAsync(step, draw, held.Token);
        }
        catch (OperationCanceledException) when (held.Lost && !ct.IsCancellationRequested)
        {
            return; // taken over by another merge
        }
        await held.ReleaseAsync(done: false, ct);
    }

    private async Task MergeHeldAsync(DrawStep step, DrawRecord draw, CancellationToken ct)
    {
        if (draw.State == DrawState.Sealing)
        {
            if (await SealAsync(step, draw, ct) is not { } sealedDraw) return;
            draw = sealedDraw;
            if (draw.State == DrawState.Sealed)
            {
                // Ready now (no witness to wait for, its time come or asked for): it runs in this step, one scan as before.
                if (!IsReadyToRun(draw, clock.GetUtcNow(), manual: false)) return;
                await draws.TryReplaceAsync(draw with { State = DrawState.Running }, ct);
                if (await draws.FindAsync(step.CampaignId, step.DrawId, ct) is not { State: DrawState.Running } running) return;
                draw = running;
                if (draw.HasWitnesses)
                {
                    await steps.SendIdleStepsAsync(draw, ct);
                    return;
                }
            }
        }
        if (draw.State != DrawState.Running) return;
        var shards = await draws.ListShardResultsAsync(draw.CampaignId, draw.DrawId, draw.Shards, includeTop: true, DrawStepSender.PhaseOf(draw), ct);
        if (shards.Count < draw.Shards) return;
        // A draw that was already running when sealing came in has no digest yet: fixed here, before the ranking exists.
        if (draw.EntrySetDigest is null)
        {
            if (await SealAsync(step, draw, ct) is not { State: DrawState.Running } digested) return;
            draw = digested;
        }
        await RankAndAwardAsync(draw, shards, ct);
    }

    /// <summary>
    /// Fixes the entry set: its digest and count from the sealed chunks, then Sealed (or, for a draw already running,
    /// the digest alone). Win or lose the write, it re-reads: a concurrent merge may have stored the (same) digest first.
    /// Null when the draw moved on without it (never, but a draw is re-read rather than assumed).
    /// </summary>
    private async Task<DrawRecord?> SealAsync(DrawStep step, DrawRecord draw, CancellationToken ct)
    {
        var seal = await draws.ListShardResultsAsync(draw.CampaignId, draw.DrawId, draw.Shards, includeTop: false, DrawPhase.Seal, ct);
        if (seal.Count < draw.Shards) return null;
        while (draw.EntrySetDigest is null)
        {
            using var digest = new EntrySetDigest();
            await foreach (var entry in draws.ReadEntrySetAsync(draw.CampaignId, draw.DrawId, draw.Shards, ct)) digest.Append(entry.Pseudonym, entry.Weight);
            var now = clock.GetUtcNow();
            var fixedSet = draw with
            {
                EntrySetDigest = digest.Finish(),
                EntryCount = digest.Count,
                SealedAt = now,
                State = draw.State == DrawState.Sealing ? DrawState.Sealed : draw.State,
            };
            if (await draws.TryReplaceAsync(fixedSet, ct))
            {
                await audit.WriteAsync(new AuditEntry(draw.CampaignId, now, "system", "seal",
                    $"Sealed {draw.DrawId}: {fixedSet.EntryCount} entries (digest {fixedSet.EntrySetDigest})" +
                    (draw.HasWitnesses ? $"; waiting for witnesses {string.Join(", ", draw.WaitingFor)}." : "."))
                {
                    Code = AuditCodes.DrawSealed,
                    Args = AuditCodes.Args(("drawId", draw.DrawId), ("entries", fixedSet.EntryCount), ("digest", fixedSet.EntrySetDigest)),
                }, $"seal-{draw.DrawId}", ct);
            }
            if (await draws.FindAsync(step.CampaignId, step.DrawId, ct) is not { State: DrawState.Sealing or DrawState.Sealed or DrawState.Running } current)
                return null;
            draw = current;
        }
        return draw;
    }

    private async Task RankAndAwardAsync(DrawRecord draw, IReadOnlyList<ShardResult> shards, CancellationToken ct)
    {
        var top = new TopRanked(draw.RankedCount);
        foreach (var entry in shards.SelectMany(s => s.Top)) top.Add(entry);
        var ranked = top.Ranked();
        var ranking = DrawRanking.Assign(ranked, draw.StartedTiers);
        var entrants = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var scored in ranked)
            if (scored.EntrantId is { } entrantId) entrants.Add(scored.Pseudonym, entrantId);
        await draws.SaveRankingAsync(draw.CampaignId, draw.DrawId, ranking, entrants, ct);
        var campaign = await CampaignOfAsync(draw, ct);
        await winners.AwardAsync(campaign, draw, ranking, entrants, await eligibility.WithdrawnAfterSealAsync(campaign, draw, ranking, ct), ct);

        var now = clock.GetUtcNow();
        if (!await draws.TryReplaceAsync(draw with { State = DrawState.Drawn, DrawnAt = now }, ct)) return;
        await draws.RemoveDueAsync(draw.CampaignId, draw.DrawId, ct);
        // Counted once, by the merge that moved the draw to Drawn: a merge that ran twice wrote the same awards.
        FanRewardsTelemetry.DrawDrawn(draw.CampaignId, draw.StartedAt, now);
        FanRewardsTelemetry.Awarded(WireName.Of(AwardedBy.Draw), ranking.Count(r => r.PrizeId is not null));
        await audit.WriteAsync(new AuditEntry(draw.CampaignId, now, draw.StartedBy ?? "schedule", "draw",
            $"Drew {draw.DrawId}: {ranking.Count(r => r.PrizeId is not null)} winners and {ranking.Count(r => r.PrizeId is null)} alternates " +
            $"from {draw.EntryCount} entries (digest {draw.EntrySetDigest}); seed revealed" +
            (draw.HasWitnesses ? $", draw seed from {draw.Witnesses.Count(w => w.Secret is not null)} witness secrets." : "."))
        {
            Code = AuditCodes.DrawDrawn,
            Args = AuditCodes.Args(("drawId", draw.DrawId), ("winners", ranking.Count(r => r.PrizeId is not null)),
                ("alternates", ranking.Count(r => r.PrizeId is null)), ("entries", draw.EntryCount)),
        }, $"draw-{draw.DrawId}", ct);
        await MarkCampaignDrawnWhenAllDoneAsync(draw.CampaignId, ct);
    }
}

using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Fairness;
using FanRewards.Core.Json;
using FanRewards.Core.Steps;
using FanRewards.Core.Telemetry;

namespace FanRewards.Core.Draws;

/// <summary>
/// Runs draws as queue steps: start (Scheduled → Running, fan out one shard per entry partition), shard (eligible
/// entries of one partition and its best k+m), merge (entry-set digest first, then the ranking, then Drawn, which
/// reveals the seed). Every step can run twice or die half-way: each re-reads the state, rewrites the same rows,
/// and moves the state only with its ETag, so the draw ends in one result.
/// </summary>
public sealed class DrawRunner(
    ICampaignStore campaigns, IDrawStore draws, IStepQueue queue, DrawStepSender steps, DrawEligibility eligibility, DrawWinnerAwards winners,
    IAuditLog audit, TimeProvider clock, DrawOptions options)
{
    /// <summary>
    /// The timer's work, read from the due index only: start the draws whose time has come, and send again the steps of
    /// running draws that nobody works on (a lapsed lease, a message never picked up) — never one whose worker is alive,
    /// however long it has been scanning. Returns how many draws it started or resumed.
    /// </summary>
    public async Task<int> TickAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var acted = 0;
        foreach (var due in await draws.ListDueAsync(now, ct))
        {
            var draw = await draws.FindAsync(due.CampaignId, due.DrawId, ct);
            var campaign = draw is null ? null : (await campaigns.FindAsync(due.CampaignId, ct))?.Campaign;
            if (draw is null || draw.State == DrawState.Drawn || campaign is null || campaign.Lifecycle == CampaignLifecycle.Archived)
            {
                // Drawn (a merge that died before tidying up), or never to be drawn: out of the index, never read again.
                await draws.RemoveDueAsync(due.CampaignId, due.DrawId, ct);
                continue;
            }
            if (!IsLive(campaign)) continue;
            if (draw.State == DrawState.Running)
            {
                if (await steps.SendIdleStepsAsync(draw, ct) > 0) acted++;
                continue;
            }
            if (draw.At > now || !await EarlierDrawsDoneAsync(campaign, draw.DrawId, ct)) continue;
            await queue.EnqueueAsync(DrawQueues.Start, new DrawStep(draw.CampaignId, draw.DrawId, StartedBy: draw.StartedBy ?? "schedule",
                TraceParent: FanRewardsTelemetry.CurrentTraceParent()), ct);
            acted++;
        }
        return acted;
    }

    /// <summary>An admin asks for a draw now (entries must be closed for it). It runs the same steps as the schedule.</summary>
    public async Task<DrawStatus> RequestRunAsync(string campaignId, string drawId, string actor, CancellationToken ct)
    {
        var campaign = (await campaigns.FindAsync(campaignId, ct))?.Campaign ?? throw new ProblemException(Problem.NotFound("campaign", campaignId));
        if (campaign.Draws.FirstOrDefault(d => d.Id == drawId) is not { } definition || await draws.FindAsync(campaignId, drawId, ct) is not { } draw)
            throw new ProblemException(Problem.NotFound("draw", drawId));
        if (draw.State == DrawState.Drawn)
            throw new ProblemException(DrawProblems.AlreadyDrawn(drawId, campaign, draw.DrawnAt));
        var cutoff = campaign.DrawCutoff(definition);
        var now = clock.GetUtcNow();
        if (now < cutoff) throw new ProblemException(DrawProblems.EntriesStillOpen(drawId, CampaignTime.Format(cutoff, campaign.Zone)));
        if (!await EarlierDrawsDoneAsync(campaign, drawId, ct)) throw new ProblemException(DrawProblems.EarlierDrawPending(drawId));

        await queue.EnqueueAsync(DrawQueues.Start, new DrawStep(campaignId, drawId, StartedBy: "manual:" + actor, TraceParent: FanRewardsTelemetry.CurrentTraceParent()), ct);
        await audit.WriteAsync(new AuditEntry(campaignId, now, actor, "run-draw", $"Asked to run draw {drawId} now."),
            $"run-draw-{drawId}-{now.UtcTicks}", ct);
        return DrawStatus.Of(campaign, draw, await draws.ListShardResultsAsync(campaignId, drawId, draw.Shards, includeTop: false, ct));
    }

    public async Task StartAsync(DrawStep step, CancellationToken ct)
    {
        using var span = FanRewardsTelemetry.StartDrawActivity("draw.start", step.CampaignId, step.DrawId, step.TraceParent);
        var draw = await draws.FindAsync(step.CampaignId, step.DrawId, ct);
        var campaign = (await campaigns.FindAsync(step.CampaignId, ct))?.Campaign;
        if (draw is null || campaign is null || draw.State == DrawState.Drawn) return;
        var definition = campaign.Draws.FirstOrDefault(d => d.Id == draw.DrawId);
        if (definition is null || clock.GetUtcNow() < campaign.DrawCutoff(definition)) return;

        while (draw.State == DrawState.Scheduled)
        {
            var running = draw with
            {
                State = DrawState.Running,
                StartedAt = clock.GetUtcNow(),
                StartedBy = step.StartedBy ?? "schedule",
                Tiers = DrawTier.Of(campaign, definition),
                Alternates = definition.Alternates,
            };
            if (await draws.TryReplaceAsync(running, ct))
            {
                // A manual run before the draw's own time: the timer must watch it from now, not from then.
                if (running.At > running.StartedAt) await draws.MarkDueAsync(draw.CampaignId, draw.DrawId, running.StartedAt.Value, ct);
                break;
            }
            // Another start got there first; a draw is never deleted, so it is there to read again.
            if (await draws.FindAsync(step.CampaignId, step.DrawId, ct) is not { } current) return;
            draw = current;
        }
        if (draw.State == DrawState.Drawn) return;

        // A start delivered twice, or a scheduled and a manual start at once, send each shard once: the send goes to
        // whoever marks the shard's lease first.
        await steps.SendIdleStepsAsync(draw, ct);
    }

    public async Task RunShardAsync(DrawStep step, CancellationToken ct)
    {
        var bucket = step.Bucket ?? throw new ArgumentException("A shard step names its bucket.", nameof(step));
        using var span = FanRewardsTelemetry.StartDrawActivity("draw.shard", step.CampaignId, step.DrawId, step.TraceParent);
        span?.SetTag("draw.bucket", bucket);
        var draw = await draws.FindAsync(step.CampaignId, step.DrawId, ct);
        if (draw is not { State: DrawState.Running } || bucket < 0 || bucket >= draw.Shards) return;
        // Done, or a live worker on it (a redelivered message, a restart while it scans): this delivery does nothing.
        await using (var held = await HeldLease.TakeAsync(draws, clock, options, draw, bucket, ct))
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
                    if (!await draws.IsShardDoneAsync(draw.CampaignId, draw.DrawId, bucket, held.Token)
                        && !await ScanShardAsync(draw, bucket, held))
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
    /// Scores one shard's eligible entries and stores its entry-set chunks, best k+m and done marker, under the held
    /// lease; false when the lease was lost before the done marker (then the new holder writes it).
    /// </summary>
    private async Task<bool> ScanShardAsync(DrawRecord draw, int bucket, HeldLease held)
    {
        var ct = held.Token;
        FanRewardsTelemetry.DrawShardScanStarted(draw.CampaignId);
        // Streams the partition in pseudonym order: memory holds one chunk and the shard's best k+m, however many
        // entries there are.
        var campaign = await CampaignOfAsync(draw, ct);
        var runId = held.RunId;
        var top = new TopRanked(draw.RankedCount);
        var chunk = new List<DrawEntry>(options.ChunkSize);
        var chunks = 0;
        await foreach (var entry in eligibility.EligibleInBucketAsync(campaign, draw, bucket, ct))
        {
            top.Add(new ScoredEntry(entry.Pseudonym, entry.Weight,
                DrawScoring.Score(draw.Seed, draw.CampaignId, draw.DrawId, entry.Pseudonym, entry.Weight))
            { EntrantId = entry.EntrantId });
            chunk.Add(entry);
            if (chunk.Count < options.ChunkSize) continue;
            await draws.WriteShardChunkAsync(draw.CampaignId, draw.DrawId, bucket, runId, chunks++, chunk, ct);
            chunk.Clear();
        }
        if (chunk.Count > 0) await draws.WriteShardChunkAsync(draw.CampaignId, draw.DrawId, bucket, runId, chunks++, chunk, ct);
        // The renewals go on while the best k+m and the done marker are written (a throttled account at 20:00 can take
        // longer than a lease for them); a renewal that finds the lease taken over cancels these writes.
        if (held.Lost) return false;
        await draws.CompleteShardAsync(draw.CampaignId, draw.DrawId, runId, chunks, new ShardResult(bucket, top.Seen, top.Ranked()), ct);
        FanRewardsTelemetry.DrawShardScanCompleted(draw.CampaignId);
        return true;
    }

    public async Task MergeAsync(DrawStep step, CancellationToken ct)
    {
        using var span = FanRewardsTelemetry.StartDrawActivity("draw.merge", step.CampaignId, step.DrawId, step.TraceParent);
        var draw = await draws.FindAsync(step.CampaignId, step.DrawId, ct);
        if (draw is not { State: DrawState.Running }) return;
        // The merge is idempotent but heavy (its digest reads the whole entry set): one at a time, under a lease.
        await using var held = await HeldLease.TakeAsync(draws, clock, options, draw, bucket: null, ct);
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
        var shards = await draws.ListShardResultsAsync(draw.CampaignId, draw.DrawId, draw.Shards, includeTop: true, ct);
        if (shards.Count < draw.Shards) return;

        // The entry set is fixed, and its digest stored, before the ranking exists and before the seed is shown.
        while (draw.EntrySetDigest is null)
        {
            using var digest = new EntrySetDigest();
            await foreach (var entry in draws.ReadEntrySetAsync(draw.CampaignId, draw.DrawId, draw.Shards, ct)) digest.Append(entry.Pseudonym, entry.Weight);
            // Win or lose this write, re-read: a concurrent merge may have stored the (same) digest first.
            await draws.TryReplaceAsync(draw with { EntrySetDigest = digest.Finish(), EntryCount = digest.Count }, ct);
            if (await draws.FindAsync(step.CampaignId, step.DrawId, ct) is not { State: DrawState.Running } current) return;
            draw = current;
        }

        var top = new TopRanked(draw.RankedCount);
        foreach (var entry in shards.SelectMany(s => s.Top)) top.Add(entry);
        var ranked = top.Ranked();
        var ranking = DrawRanking.Assign(ranked, draw.StartedTiers);
        var entrants = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var scored in ranked)
            if (scored.EntrantId is { } entrantId) entrants.Add(scored.Pseudonym, entrantId);
        await draws.SaveRankingAsync(draw.CampaignId, draw.DrawId, ranking, entrants, ct);
        await winners.AwardAsync(await CampaignOfAsync(draw, ct), draw, ranking, entrants, ct);

        var now = clock.GetUtcNow();
        if (!await draws.TryReplaceAsync(draw with { State = DrawState.Drawn, DrawnAt = now }, ct)) return;
        await draws.RemoveDueAsync(draw.CampaignId, draw.DrawId, ct);
        // Counted once, by the merge that moved the draw to Drawn: a merge that ran twice wrote the same awards.
        FanRewardsTelemetry.DrawDrawn(draw.CampaignId, draw.StartedAt, now);
        FanRewardsTelemetry.Awarded(WireName.Of(AwardedBy.Draw), ranking.Count(r => r.PrizeId is not null));
        await audit.WriteAsync(new AuditEntry(draw.CampaignId, now, draw.StartedBy ?? "schedule", "draw",
            $"Drew {draw.DrawId}: {ranking.Count(r => r.PrizeId is not null)} winners and {ranking.Count(r => r.PrizeId is null)} alternates " +
            $"from {draw.EntryCount} entries (digest {draw.EntrySetDigest}); seed revealed."), $"draw-{draw.DrawId}", ct);
        await MarkCampaignDrawnWhenAllDoneAsync(draw.CampaignId, ct);
    }

    /// <summary>The campaign of a draw that exists: campaigns are archived, never deleted.</summary>
    private async Task<Campaign> CampaignOfAsync(DrawRecord draw, CancellationToken ct) =>
        (await campaigns.FindAsync(draw.CampaignId, ct))?.Campaign
        ?? throw new InvalidOperationException($"Campaign '{draw.CampaignId}' of draw '{draw.DrawId}' is gone.");

    private async Task<bool> EarlierDrawsDoneAsync(Campaign campaign, string drawId, CancellationToken ct)
    {
        foreach (var earlier in campaign.Draws.TakeWhile(d => d.Id != drawId))
            if (await draws.FindAsync(campaign.Id, earlier.Id, ct) is { State: not DrawState.Drawn }) return false;
        return true;
    }

    private async Task MarkCampaignDrawnWhenAllDoneAsync(string campaignId, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var stored = await campaigns.FindAsync(campaignId, ct);
            if (stored is null || stored.Campaign.Lifecycle is CampaignLifecycle.Drawn or CampaignLifecycle.Archived) return;
            foreach (var d in stored.Campaign.Draws)
                if (await draws.FindAsync(campaignId, d.Id, ct) is not { State: DrawState.Drawn }) return;
            if (stored.Campaign.StatusAt(clock.GetUtcNow()) != CampaignStatus.Closed) return;
            var now = clock.GetUtcNow();
            try
            {
                await campaigns.SaveAsync(stored.Campaign with { Lifecycle = CampaignLifecycle.Drawn, DrawnAt = now, UpdatedAt = now },
                    stored.ETag, CampaignItemKinds.None, new AuditEntry(campaignId, now, "system", "drawn", "Every draw is drawn."), ct);
                return;
            }
            catch (EditConflictException)
            {
            }
        }
    }

    private static bool IsLive(Campaign campaign) =>
        campaign.Lifecycle is CampaignLifecycle.Published or CampaignLifecycle.ClosedEarly;
}

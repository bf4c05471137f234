using FanRewards.Core.Campaigns;
using FanRewards.Core.Campaigns.Model;
using FanRewards.Core.Entries;
using FanRewards.Core.Steps;
using FanRewards.Core.Telemetry;

namespace FanRewards.Core.Draws;

/// <summary>
/// Runs draws as queue steps: start (Scheduled → Running, fan out one shard per entry partition), shard (eligible
/// entries of one partition and its best k+m), merge (entry-set digest first, then the ranking, then Drawn, which
/// reveals the seed). Every step can run twice or die half-way: each re-reads the state, rewrites the same rows,
/// and moves the state only with its ETag, so the draw ends in one result.
/// </summary>
public sealed class DrawService(
    ICampaignStore campaigns, IDrawStore draws, IStepQueue queue, IEntryStore entries, IDisqualificationStore disqualified,
    IAuditLog audit, TimeProvider clock, DrawOptions options, Awards.IAwardStore awards, Awards.VoucherIssuer vouchers)
{
    /// <summary>The draws a campaign gets when it is published: a fresh CSPRNG seed each, only the commitment shown.</summary>
    public static IReadOnlyList<DrawRecord> NewDraws(Campaign campaign) => campaign.Draws.Select(d =>
    {
        var seed = DrawScoring.NewSeed();
        return new DrawRecord
        {
            CampaignId = campaign.Id, DrawId = d.Id, At = d.Time, State = DrawState.Scheduled,
            Seed = seed, Commitment = DrawScoring.Commitment(seed), Shards = campaign.EntryBuckets,
        };
    }).ToList();

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
                if (await SendIdleStepsAsync(draw, ct) > 0) acted++;
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
        return Status(campaign, draw, await draws.ListShardResultsAsync(campaignId, drawId, draw.Shards, includeTop: false, ct));
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
                Tiers = TiersOf(campaign, definition),
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
        await SendIdleStepsAsync(draw, ct);
    }

    /// <summary>
    /// Sends the steps of a running draw that nobody works on and no message is on its way for: each shard not done,
    /// then the merge once every shard is. Returns how many it sent.
    /// </summary>
    private async Task<int> SendIdleStepsAsync(DrawRecord draw, CancellationToken ct)
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
    private async Task SendMergeWhenShardsDoneAsync(DrawRecord draw, CancellationToken ct)
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
        await SendMergeWhenShardsDoneAsync(draw, ct);
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
        await foreach (var entry in EligibleInBucketAsync(campaign, draw, bucket, ct))
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
        await CreateWinnerAwardsAsync(draw, ranking, entrants, ct);

        var now = clock.GetUtcNow();
        if (!await draws.TryReplaceAsync(draw with { State = DrawState.Drawn, DrawnAt = now }, ct)) return;
        await draws.RemoveDueAsync(draw.CampaignId, draw.DrawId, ct);
        // Counted once, by the merge that moved the draw to Drawn: a merge that ran twice wrote the same awards.
        FanRewardsTelemetry.DrawDrawn(draw.CampaignId, draw.StartedAt, now);
        FanRewardsTelemetry.Awarded(Json.WireName.Of(Awards.AwardedBy.Draw), ranking.Count(r => r.PrizeId is not null));
        await audit.WriteAsync(new AuditEntry(draw.CampaignId, now, draw.StartedBy ?? "schedule", "draw",
            $"Drew {draw.DrawId}: {ranking.Count(r => r.PrizeId is not null)} winners and {ranking.Count(r => r.PrizeId is null)} alternates " +
            $"from {draw.EntryCount} entries (digest {draw.EntrySetDigest}); seed revealed."), $"draw-{draw.DrawId}", ct);
        await MarkCampaignDrawnWhenAllDoneAsync(draw.CampaignId, ct);
    }

    /// <summary>
    /// Each winning rank becomes an award with its "winner awarded" event, written before the draw shows as drawn; a
    /// merge that runs again finds them there. Prizes delivered by post must be claimed by the campaign's deadline.
    /// </summary>
    private async Task CreateWinnerAwardsAsync(DrawRecord draw, IReadOnlyList<RankedEntry> ranking, IReadOnlyDictionary<string, string> entrants,
        CancellationToken ct)
    {
        var campaign = await CampaignOfAsync(draw, ct);
        var definition = campaign.Draws.First(d => d.Id == draw.DrawId);
        var activityId = definition.Activities is [var first, ..] ? first.Id : "";
        var now = clock.GetUtcNow();
        var winners = new List<(Awards.Award, Awards.OutboxEvent)>();
        foreach (var r in ranking)
        {
            if (r.PrizeId is not { } prizeId) continue; // an alternate
            var award = new Awards.Award
            {
                CampaignId = draw.CampaignId, AwardId = $"draw-{draw.DrawId}-{r.Rank:D6}", PrizeId = prizeId, ActivityId = activityId,
                Pseudonym = r.Pseudonym, EntrantId = entrants.GetValueOrDefault(r.Pseudonym) ?? "", Mode = Awards.AwardedBy.Draw, AwardedAt = now,
                DrawId = draw.DrawId, Rank = r.Rank, ClaimDeadline = campaign.Model.ClaimDeadlineOf(campaign.Model.FindPrize(prizeId)),
            };
            winners.Add((award, new Awards.OutboxEvent(draw.CampaignId, $"awarded-{award.AwardId}", Awards.EventTypes.WinnerAwarded, now, "")));
        }
        await awards.EnsureAwardsAsync(winners, ct);
        foreach (var (award, _) in winners) await vouchers.IssueAsync(campaign, award, ct);
    }

    public async Task<IReadOnlyList<DrawStatus>> ListAsync(string campaignId, CancellationToken ct)
    {
        var campaign = (await campaigns.FindAsync(campaignId, ct))?.Campaign ?? throw new ProblemException(Problem.NotFound("campaign", campaignId));
        var result = new List<DrawStatus>();
        foreach (var draw in (await draws.ListAsync(campaignId, ct)).OrderBy(d => d.At))
            result.Add(Status(campaign, draw, await draws.ListShardResultsAsync(campaignId, draw.DrawId, draw.Shards, includeTop: false, ct)));
        return result;
    }

    /// <summary>
    /// A drawn draw and its ranking never change again, so each instance reads them once: at 20:00 everybody asks
    /// whether they won at the same moment. The state machine itself always reads fresh (it needs the ETag).
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DrawRecord> _drawn = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task<IReadOnlyList<RankedEntry>>> _rankings = new(StringComparer.Ordinal);
    private const int MaxRememberedDraws = 10_000;

    private async Task<DrawRecord?> FindForReadingAsync(string campaignId, string drawId, CancellationToken ct)
    {
        var key = $"{campaignId}|{drawId}";
        if (_drawn.TryGetValue(key, out var known)) return known;
        var draw = await draws.FindAsync(campaignId, drawId, ct);
        if (draw is { State: DrawState.Drawn })
        {
            if (_drawn.Count >= MaxRememberedDraws) _drawn.Clear();
            _drawn[key] = draw;
        }
        return draw;
    }

    /// <summary>The ranking of a draw known to be drawn (never of one still running: its rows may be half written).</summary>
    private Task<IReadOnlyList<RankedEntry>> DrawnRankingAsync(string campaignId, string drawId)
    {
        var key = $"{campaignId}|{drawId}";
        if (_rankings.TryGetValue(key, out var known) && !known.IsFaulted) return known;
        if (_rankings.Count >= MaxRememberedDraws) _rankings.Clear();
        return _rankings[key] = draws.ReadRankingAsync(campaignId, drawId, CancellationToken.None);
    }

    /// <summary>For an entrant's own page: per draw, whether they were in it, and their rank and prize if ranked.</summary>
    public async Task<IReadOnlyList<MyDraw>> GetMyDrawsAsync(Campaign campaign, string pseudonym, CancellationToken ct)
    {
        var result = new List<MyDraw>();
        foreach (var definition in campaign.Draws)
        {
            var draw = await FindForReadingAsync(campaign.Id, definition.Id, ct);
            if (draw is null) continue;
            if (draw.State != DrawState.Drawn)
            {
                result.Add(new MyDraw(draw.DrawId, draw.State.ToString().ToLowerInvariant(), null, null, null));
                continue;
            }
            var included = await draws.FindEntryAsync(campaign.Id, draw.DrawId, Pseudonym.BucketOf(pseudonym, draw.Shards), pseudonym, ct);
            var ranked = (await DrawnRankingAsync(campaign.Id, draw.DrawId).WaitAsync(ct)).FirstOrDefault(r => r.Pseudonym == pseudonym);
            result.Add(new MyDraw(draw.DrawId, "drawn", included is not null, ranked?.Rank, ranked?.PrizeId));
        }
        return result;
    }

    /// <summary>The organiser's export: every ranked entry with the entrant behind it.</summary>
    public async Task<IReadOnlyList<(RankedEntry Entry, string? EntrantId)>> GetRankedWithEntrantsAsync(string campaignId, string drawId,
        CancellationToken ct)
    {
        var draw = await FindForReadingAsync(campaignId, drawId, ct) ?? throw new ProblemException(Problem.NotFound("draw", drawId));
        if (draw.State != DrawState.Drawn) throw new ProblemException(DrawProblems.NotDrawnYet(drawId));
        var entrants = await draws.ReadRankedEntrantsAsync(campaignId, drawId, ct);
        return (await DrawnRankingAsync(campaignId, drawId).WaitAsync(ct)).Select(r => (r, entrants.GetValueOrDefault(r.Pseudonym))).ToList();
    }

    /// <summary>
    /// One ticket per entrant: their entries in the draw's activities up to its cutoff, not disqualified, not a
    /// winner of an earlier draw of the campaign (unless it allows that), meeting the activity's rule; the weight
    /// is the sum of their activities' weights, at most 1,000.
    /// </summary>
    private async IAsyncEnumerable<DrawEntry> EligibleInBucketAsync(Campaign campaign, DrawRecord draw, int bucket,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var definition = campaign.Draws.First(d => d.Id == draw.DrawId);
        var cutoff = CutoffOf(campaign, definition);
        var excluded = (await disqualified.ListAsync(campaign.Id, ct)).Select(d => d.Pseudonym).ToHashSet(StringComparer.Ordinal);
        if (!campaign.Model.AllowMultipleWins)
        {
            foreach (var earlier in campaign.Draws.TakeWhile(d => d.Id != draw.DrawId))
            {
                // Earlier draws are drawn: a draw only starts once they are.
                foreach (var ranked in await DrawnRankingAsync(campaign.Id, earlier.Id).WaitAsync(ct))
                    if (ranked.PrizeId is not null) excluded.Add(ranked.Pseudonym);
            }
        }
        // Prizes already won first come count too: nobody wins twice in one campaign.
        if (!campaign.Model.AllowMultipleWins)
        {
            foreach (var award in await awards.ListAsync(campaign.Id, ct))
                excluded.Add(award.Pseudonym);
        }

        // One stream per activity, each in row-key order "{activityId}:{pseudonym}[:…]": merged on the pseudonym, the
        // rows of each entrant arrive together, and the entrants in the order the entry set is published in.
        var activities = definition.Activities;
        var cursors = activities.Select(a => entries.ScanBucketAsync(campaign.Id, bucket, a.Id, ct).GetAsyncEnumerator(ct)).ToList();
        var heads = new PriorityQueue<int, string>(StringComparer.Ordinal);
        try
        {
            for (var i = 0; i < cursors.Count; i++)
                if (await cursors[i].MoveNextAsync()) heads.Enqueue(i, cursors[i].Current.Pseudonym);
            while (heads.TryPeek(out _, out var key))
            {
                EntryRecord? any = null;
                var weight = 0;
                var counted = new HashSet<int>();
                while (heads.TryPeek(out var i, out var next) && next == key)
                {
                    heads.Dequeue();
                    var entry = cursors[i].Current;
                    any = entry;
                    if (entry.AcceptedAt <= cutoff && counted.Add(i) && WeightOf(activities[i], entry) is { } w) weight += w;
                    if (await cursors[i].MoveNextAsync()) heads.Enqueue(i, cursors[i].Current.Pseudonym);
                }
                if (any is null || weight == 0 || excluded.Contains(any.Pseudonym)) continue;
                yield return new DrawEntry(any.Pseudonym, Math.Min(DrawScoring.MaxWeight, weight)) { EntrantId = any.EntrantId };
            }
        }
        finally
        {
            foreach (var cursor in cursors) await cursor.DisposeAsync();
        }
    }

    /// <summary>The tickets one entry holds in a draw fed by its activity; null when it does not count (yet).</summary>
    private static int? WeightOf(CampaignActivity activity, EntryRecord entry) => activity switch
    {
        RiddleActivity riddles when (entry.Value ?? 0) < riddles.MinCorrect => null,
        RiddleActivity { Award: DrawAward { Weighting: Weighting.CorrectAnswers } } => (int)Math.Clamp(entry.Value ?? 1, 1, DrawScoring.MaxWeight),
        TextActivity when entry.Status != EntryStatus.Approved => null,
        SignupActivity when entry.Status != EntryStatus.Confirmed => null,
        _ => 1,
    };

    /// <summary>
    /// A draw counts every entry accepted from the opening up to its cutoff. With daily draws each evening's draw
    /// takes everyone who has taken part so far, less the earlier winners, which is how a campaign says "those who
    /// have not won yet keep their chance".
    /// </summary>
    public static DateTimeOffset CutoffOf(Campaign campaign, ScheduledDraw draw) => campaign.DrawCutoff(draw);

    internal static IReadOnlyList<DrawTier> TiersOf(Campaign campaign, ScheduledDraw draw) =>
        draw.PrizeIds.Select(id => new DrawTier(id, campaign.Model.FindPrize(id)?.Count ?? 0)).ToList();

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

    /// <summary>The next step of a draw, in the trace of the step that asks for it.</summary>
    private static DrawStep Next(DrawRecord draw, int? bucket = null) =>
        new(draw.CampaignId, draw.DrawId, bucket, TraceParent: FanRewardsTelemetry.CurrentTraceParent());

    private static bool IsLive(Campaign campaign) =>
        campaign.Lifecycle is CampaignLifecycle.Published or CampaignLifecycle.ClosedEarly;

    /// <summary>A draw's state for the admin, its times in the campaign's zone like every other admin time.</summary>
    private static DrawStatus Status(Campaign campaign, DrawRecord draw, IReadOnlyList<ShardResult> shards) => new(
        draw.DrawId, draw.State.ToString().ToLowerInvariant(), CampaignTime.Format(draw.At, campaign.Zone), draw.Commitment, draw.Shards,
        shards.Count, shards.Sum(s => s.Eligible), draw.EntrySetDigest, draw.EntryCount,
        draw.StartedAt is { } started ? CampaignTime.Format(started, campaign.Zone) : null, draw.StartedBy,
        draw.DrawnAt is { } drawn ? CampaignTime.Format(drawn, campaign.Zone) : null);
}

public sealed record DrawOptions
{
    private readonly TimeSpan? _leaseRenewal;

    /// <summary>
    /// How long a step's lease (a shard's scan, the merge) lasts unless renewed: a dead worker's step is sent again
    /// this long after its last renewal, plus up to one timer tick.
    /// </summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a working step renews its lease; by default a third of the duration, so two renewals may fail in a row.</summary>
    public TimeSpan LeaseRenewal { get => _leaseRenewal ?? LeaseDuration / 3; init => _leaseRenewal = value; }

    /// <summary>
    /// A step whose message was sent this long ago and that no worker has taken since is sent again (its message was
    /// lost or went to the poison queue). A second message for a step is harmless: the lease lets one worker run it.
    /// </summary>
    public TimeSpan PickupTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Entries per stored chunk of the entry set (about 70 bytes each): few writes, and a shard holds at most one chunk
    /// in memory, so a draw holds at most shards × chunk entries however large the set.
    /// </summary>
    public int ChunkSize { get; init; } = 2_000;
}

public sealed record DrawStatus(
    string DrawId, string State, string At, string Commitment, int Shards, int ShardsDone, long EligibleSoFar,
    string? EntrySetDigest, long? EntryCount, string? StartedAt, string? StartedBy, string? DrawnAt);

public sealed record DrawWinners(string DrawId, string DrawnAt, IReadOnlyList<TierWinners> Tiers);
public sealed record TierWinners(string PrizeId, string? PrizeName, IReadOnlyList<MaskedWinner> Winners);
public sealed record MaskedWinner(int Rank, string PseudonymPrefix)
{
    public string? Name { get; init; }
    public string? Phone { get; init; }
    public Awards.AwardStatus? Status { get; init; }
    /// <summary>Set when the prize passed to this alternate: the rank of the winner it came from.</summary>
    public int? PassedFromRank { get; init; }
}
public sealed record MyDraw(string DrawId, string State, bool? Included, int? Rank, string? PrizeId);

public static class DrawProblems
{
    public static Problem AlreadyDrawn(string drawId, Campaign campaign, DateTimeOffset? at) =>
        new(Problem.TypePrefix + "already-drawn", 409, "This draw is finished and cannot be run again.",
            $"Draw '{drawId}' was drawn{(at is { } a ? " at " + CampaignTime.Format(a, campaign.Zone) : "")}. A prize only passes on by the alternate rule.");

    public static Problem EntriesStillOpen(string drawId, string cutoff) =>
        new(Problem.TypePrefix + "entries-still-open", 409, "Entries for this draw are still open.",
            $"Draw '{drawId}' can run from {cutoff}.", Extensions: new Dictionary<string, object?> { ["cutoff"] = cutoff });

    public static Problem EarlierDrawPending(string drawId) =>
        new(Problem.TypePrefix + "earlier-draw-pending", 409, "An earlier draw of this campaign has not been drawn.",
            $"Draws run in order; run the earlier ones before '{drawId}'.");

    public static Problem NotDrawnYet(string drawId) =>
        new(Problem.TypePrefix + "not-drawn-yet", 409, "This draw has not been drawn yet.", $"Draw '{drawId}' has no result yet.");
}

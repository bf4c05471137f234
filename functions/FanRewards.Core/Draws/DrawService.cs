using FanRewards.Core.Campaigns;
using FanRewards.Core.Entries;
using FanRewards.Core.Telemetry;

namespace FanRewards.Core.Draws;

/// <summary>
/// Runs draws as queue steps: start (Scheduled → Running, fan out one shard per entry partition), shard (eligible
/// entries of one partition and its best k+m), merge (entry-set digest first, then the ranking, then Drawn, which
/// reveals the seed). Every step can run twice or die half-way: each re-reads the state, rewrites the same rows,
/// and moves the state only with its ETag, so the draw ends in one result.
/// </summary>
public sealed class DrawService(
    ICampaignStore campaigns, IDrawStore draws, IDrawQueue queue, IEntryStore entries, IDisqualificationStore disqualified,
    IAuditLog audit, TimeProvider clock, DrawOptions options, Awards.IAwardStore? awards = null, Awards.VoucherIssuer? vouchers = null)
{
    /// <summary>The draws a campaign gets when it is published: a fresh CSPRNG seed each, only the commitment shown.</summary>
    public static IReadOnlyList<DrawRecord> NewDraws(Campaign campaign) => campaign.Draws.Select(d =>
    {
        var seed = DrawScoring.NewSeed();
        return new DrawRecord
        {
            CampaignId = campaign.Id, DrawId = d.Id!, At = CampaignTime.Parse(d.At, campaign.Zone), State = DrawState.Scheduled,
            Seed = seed, Commitment = DrawScoring.Commitment(seed), Shards = campaign.EntryBuckets,
        };
    }).ToList();

    /// <summary>The timer's work: start the draws whose time has come, and nudge any that stalled part-way.</summary>
    public async Task<int> TickAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var started = 0;
        foreach (var draw in await draws.ListUnfinishedAsync(ct))
        {
            var stalled = draw.State == DrawState.Running && draw.StartedAt < now - options.StallAfter;
            var due = draw.State == DrawState.Scheduled && draw.At <= now;
            if (!stalled && !due) continue;
            var campaign = (await campaigns.FindAsync(draw.CampaignId, ct))?.Campaign;
            if (campaign is null || !IsLive(campaign) || !await EarlierDrawsDoneAsync(campaign, draw.DrawId, ct)) continue;
            await queue.EnqueueStartAsync(new DrawStep(draw.CampaignId, draw.DrawId, StartedBy: draw.StartedBy ?? "schedule",
                TraceParent: FanRewardsTelemetry.CurrentTraceParent()), ct);
            started++;
        }
        return started;
    }

    /// <summary>An admin asks for a draw now (entries must be closed for it). It runs the same steps as the schedule.</summary>
    public async Task<DrawStatus> RequestRunAsync(string campaignId, string drawId, string actor, CancellationToken ct)
    {
        var campaign = (await campaigns.FindAsync(campaignId, ct))?.Campaign ?? throw new ProblemException(Problem.NotFound("campaign", campaignId));
        var definition = campaign.Draws.FirstOrDefault(d => d.Id == drawId);
        var draw = definition is null ? null : await draws.FindAsync(campaignId, drawId, ct);
        if (draw is null) throw new ProblemException(Problem.NotFound("draw", drawId));
        if (draw.State == DrawState.Drawn)
            throw new ProblemException(DrawProblems.AlreadyDrawn(drawId, campaign, draw.DrawnAt));
        var cutoff = campaign.DrawCutoff(definition!);
        var now = clock.GetUtcNow();
        if (now < cutoff) throw new ProblemException(DrawProblems.EntriesStillOpen(drawId, CampaignTime.Format(cutoff, campaign.Zone)));
        if (!await EarlierDrawsDoneAsync(campaign, drawId, ct)) throw new ProblemException(DrawProblems.EarlierDrawPending(drawId));

        await queue.EnqueueStartAsync(new DrawStep(campaignId, drawId, StartedBy: "manual:" + actor, TraceParent: FanRewardsTelemetry.CurrentTraceParent()), ct);
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
                State = DrawState.Running, StartedAt = clock.GetUtcNow(), StartedBy = step.StartedBy ?? "schedule",
                Tiers = TiersOf(campaign, definition), Alternates = definition.Alternates ?? 0,
            };
            if (await draws.TryReplaceAsync(running, ct)) break;
            draw = (await draws.FindAsync(step.CampaignId, step.DrawId, ct))!;
        }
        if (draw.State == DrawState.Drawn) return;

        var done = (await draws.ListShardResultsAsync(draw.CampaignId, draw.DrawId, draw.Shards, includeTop: false, ct)).Select(r => r.Bucket).ToHashSet();
        for (var bucket = 0; bucket < draw.Shards; bucket++)
            if (!done.Contains(bucket)) await queue.EnqueueShardAsync(Next(draw, bucket), bucket, ct);
        if (done.Count == draw.Shards) await queue.EnqueueMergeAsync(Next(draw), ct);
    }

    public async Task RunShardAsync(DrawStep step, CancellationToken ct)
    {
        var bucket = step.Bucket ?? throw new ArgumentException("A shard step names its bucket.", nameof(step));
        using var span = FanRewardsTelemetry.StartDrawActivity("draw.shard", step.CampaignId, step.DrawId, step.TraceParent);
        span?.SetTag("draw.bucket", bucket);
        var draw = await draws.FindAsync(step.CampaignId, step.DrawId, ct);
        if (draw is not { State: DrawState.Running } || bucket < 0 || bucket >= draw.Shards) return;
        var results = await draws.ListShardResultsAsync(draw.CampaignId, draw.DrawId, draw.Shards, includeTop: false, ct);
        if (results.All(r => r.Bucket != bucket))
        {
            // Streams the partition in pseudonym order: memory holds one chunk and the shard's best k+m, however many
            // entries there are.
            var campaign = (await campaigns.FindAsync(draw.CampaignId, ct))!.Campaign;
            var runId = Guid.NewGuid().ToString("N");
            var top = new TopRanked(draw.Tiers!.Sum(t => t.Count) + draw.Alternates!.Value);
            var chunk = new List<DrawEntry>(options.ChunkSize);
            var chunks = 0;
            await foreach (var entry in EligibleInBucketAsync(campaign, draw, bucket, ct))
            {
                top.Add(new ScoredEntry(entry.Pseudonym, entry.Weight,
                    DrawScoring.Score(draw.Seed, draw.CampaignId, draw.DrawId, entry.Pseudonym, entry.Weight)) { EntrantId = entry.EntrantId });
                chunk.Add(entry);
                if (chunk.Count < options.ChunkSize) continue;
                await draws.WriteShardChunkAsync(draw.CampaignId, draw.DrawId, bucket, runId, chunks++, chunk, ct);
                chunk.Clear();
            }
            if (chunk.Count > 0) await draws.WriteShardChunkAsync(draw.CampaignId, draw.DrawId, bucket, runId, chunks++, chunk, ct);
            await draws.CompleteShardAsync(draw.CampaignId, draw.DrawId, runId, chunks, new ShardResult(bucket, top.Seen, top.Ranked()), ct);
            FanRewardsTelemetry.DrawShardRun(draw.CampaignId);
            results = await draws.ListShardResultsAsync(draw.CampaignId, draw.DrawId, draw.Shards, includeTop: false, ct);
        }
        // Whoever sees the last shard in asks for the merge; a merge asked for twice is harmless.
        if (results.Count == draw.Shards) await queue.EnqueueMergeAsync(Next(draw), ct);
    }

    public async Task MergeAsync(DrawStep step, CancellationToken ct)
    {
        using var span = FanRewardsTelemetry.StartDrawActivity("draw.merge", step.CampaignId, step.DrawId, step.TraceParent);
        var draw = await draws.FindAsync(step.CampaignId, step.DrawId, ct);
        if (draw is not { State: DrawState.Running }) return;
        var shards = await draws.ListShardResultsAsync(draw.CampaignId, draw.DrawId, draw.Shards, includeTop: true, ct);
        if (shards.Count < draw.Shards) return;

        // The entry set is fixed, and its digest stored, before the ranking exists and before the seed is shown.
        while (draw.EntrySetDigest is null)
        {
            using var digest = new EntrySetDigest();
            await foreach (var entry in draws.ReadEntrySetAsync(draw.CampaignId, draw.DrawId, draw.Shards, ct)) digest.Append(entry.Pseudonym, entry.Weight);
            // Win or lose this write, re-read: a concurrent merge may have stored the (same) digest first.
            await draws.TryReplaceAsync(draw with { EntrySetDigest = digest.Finish(), EntryCount = digest.Count }, ct);
            draw = (await draws.FindAsync(step.CampaignId, step.DrawId, ct))!;
            if (draw.State != DrawState.Running) return;
        }

        var top = new TopRanked(draw.Tiers!.Sum(t => t.Count) + draw.Alternates!.Value);
        foreach (var entry in shards.SelectMany(s => s.Top)) top.Add(entry);
        var ranked = top.Ranked();
        var ranking = DrawRanking.Assign(ranked, draw.Tiers!);
        var entrants = ranked.Where(r => r.EntrantId is not null).ToDictionary(r => r.Pseudonym, r => r.EntrantId!, StringComparer.Ordinal);
        await draws.SaveRankingAsync(draw.CampaignId, draw.DrawId, ranking, entrants, ct);
        await CreateWinnerAwardsAsync(draw, ranking, entrants, ct);

        var now = clock.GetUtcNow();
        if (!await draws.TryReplaceAsync(draw with { State = DrawState.Drawn, DrawnAt = now }, ct)) return;
        // Counted once, by the merge that moved the draw to Drawn: a merge that ran twice wrote the same awards.
        FanRewardsTelemetry.DrawDrawn(draw.CampaignId, draw.StartedAt, now);
        if (awards is not null) FanRewardsTelemetry.Awarded("draw", ranking.Count(r => r.PrizeId is not null));
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
        if (awards is null) return;
        var campaign = (await campaigns.FindAsync(draw.CampaignId, ct))!.Campaign;
        var deadline = campaign.Definition.Schedule?.ClaimDeadline is { } text ? CampaignTime.Parse(text, campaign.Zone) : (DateTimeOffset?)null;
        var definition = campaign.Draws.First(d => d.Id == draw.DrawId);
        var activityId = ActivitiesOf(campaign, definition).FirstOrDefault()?.Id ?? "";
        var now = clock.GetUtcNow();
        var winners = ranking.Where(r => r.PrizeId is not null).Select(r =>
        {
            var kind = campaign.Prizes.FirstOrDefault(p => p.Id == r.PrizeId)?.Kind;
            var award = new Awards.Award
            {
                CampaignId = draw.CampaignId, AwardId = $"draw-{draw.DrawId}-{r.Rank:D6}", PrizeId = r.PrizeId!, ActivityId = activityId,
                Pseudonym = r.Pseudonym, EntrantId = entrants.GetValueOrDefault(r.Pseudonym) ?? "", Mode = "draw", AwardedAt = now,
                DrawId = draw.DrawId, Rank = r.Rank, ClaimDeadline = kind is PrizeKind.Physical or PrizeKind.Service ? deadline : null,
            };
            return (award, new Awards.OutboxEvent(draw.CampaignId, $"awarded-{award.AwardId}", Awards.EventTypes.WinnerAwarded, now, ""));
        }).ToList();
        await awards.EnsureAwardsAsync(winners, ct);
        if (vouchers is not null)
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
            var draw = await FindForReadingAsync(campaign.Id, definition.Id!, ct);
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
        if (campaign.Definition.AllowMultipleWins != true)
            foreach (var earlier in campaign.Draws.TakeWhile(d => d.Id != draw.DrawId))
                // Earlier draws are drawn: a draw only starts once they are.
                foreach (var ranked in await DrawnRankingAsync(campaign.Id, earlier.Id!).WaitAsync(ct))
                    if (ranked.PrizeId is not null) excluded.Add(ranked.Pseudonym);
        // Prizes already won first come count too: nobody wins twice in one campaign.
        if (campaign.Definition.AllowMultipleWins != true && awards is not null)
            foreach (var award in await awards.ListAsync(campaign.Id, ct))
                excluded.Add(award.Pseudonym);

        // One stream per activity, each in row-key order "{activityId}:{pseudonym}[:…]": merged on the pseudonym, the
        // rows of each entrant arrive together, and the entrants in the order the entry set is published in.
        var activities = ActivitiesOf(campaign, definition).ToList();
        var cursors = activities.Select(a => entries.ScanBucketAsync(campaign.Id, bucket, a.Id!, ct).GetAsyncEnumerator(ct)).ToList();
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

    private static int? WeightOf(ActivityDefinition activity, EntryRecord entry) => activity.Kind switch
    {
        ActivityKind.Riddle when (entry.Value ?? 0) < (activity.MinCorrect ?? 1) => null,
        ActivityKind.Riddle when activity.Award?.Weighting == "correctAnswers" => (int)Math.Clamp(entry.Value ?? 1, 1, DrawScoring.MaxWeight),
        ActivityKind.Message or ActivityKind.Reflection when entry.Status != MessageStatus.Approved => null,
        ActivityKind.Signup when entry.Status != SignupStatus.Confirmed => null,
        _ => 1,
    };

    /// <summary>
    /// A draw counts every entry accepted from the opening up to its cutoff. With daily draws each evening's draw
    /// takes everyone who has taken part so far, less the earlier winners, which is how a campaign says "those who
    /// have not won yet keep their chance".
    /// </summary>
    public static DateTimeOffset CutoffOf(Campaign campaign, DrawDefinition draw) => campaign.DrawCutoff(draw);

    private static IEnumerable<ActivityDefinition> ActivitiesOf(Campaign campaign, DrawDefinition draw) =>
        (campaign.Definition.Activities ?? []).Where(a => a.Award?.Mode == AwardMode.Draw &&
            (draw.ActivityIds is null or { Count: 0 } || draw.ActivityIds.Contains(a.Id!)));

    internal static IReadOnlyList<DrawTier> TiersOf(Campaign campaign, DrawDefinition draw) =>
        (draw.PrizeIds ?? []).Select(id => new DrawTier(id, campaign.Prizes.FirstOrDefault(p => p.Id == id)?.Count ?? 0)).ToList();

    private async Task<bool> EarlierDrawsDoneAsync(Campaign campaign, string drawId, CancellationToken ct)
    {
        foreach (var earlier in campaign.Draws.TakeWhile(d => d.Id != drawId))
            if (await draws.FindAsync(campaign.Id, earlier.Id!, ct) is { State: not DrawState.Drawn }) return false;
        return true;
    }

    private async Task MarkCampaignDrawnWhenAllDoneAsync(string campaignId, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var stored = await campaigns.FindAsync(campaignId, ct);
            if (stored is null || stored.Campaign.Lifecycle is CampaignLifecycle.Drawn or CampaignLifecycle.Archived) return;
            foreach (var d in stored.Campaign.Draws)
                if (await draws.FindAsync(campaignId, d.Id!, ct) is not { State: DrawState.Drawn }) return;
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
    /// <summary>A running draw with no progress for this long is nudged again by the timer.</summary>
    public TimeSpan StallAfter { get; init; } = TimeSpan.FromMinutes(2);
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
    public string? Status { get; init; }
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

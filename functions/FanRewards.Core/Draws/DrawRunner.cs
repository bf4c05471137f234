using FanRewards.Core.Admins;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Steps;
using FanRewards.Core.Telemetry;

namespace FanRewards.Core.Draws;

/// <summary>
/// Runs draws as queue steps: start (Scheduled → Sealing at the cutoff, fan out one shard per entry partition), shard
/// (the eligible entries of one partition as of the cutoff, written as the sealed set; scored at once when the draw has
/// no witnesses), merge (Sealing → Sealed with the digest; then, once the draw's time has come and every witness has
/// revealed or been excused, Running: a draw with witnesses scores its sealed set per shard again with the draw seed,
/// and the merge ranks, awards and moves to Drawn, which reveals the seed). Every step can run twice or die half-way:
/// each re-reads the state, rewrites the same rows, and moves the state only with its ETag, so the draw ends in one result.
/// </summary>
public sealed partial class DrawRunner(
    ICampaignStore campaigns, IDrawStore draws, IStepQueue queue, DrawStepSender steps, DrawEligibility eligibility, DrawWinnerAwards winners,
    IAuditLog audit, TimeProvider clock, DrawOptions options)
{
    /// <summary>
    /// The timer's work, read from the due index only: seal the draws whose cutoff has passed, run the sealed ones whose
    /// time has come and whose witnesses are all revealed or excused, and send again the steps of sealing or running
    /// draws that nobody works on (a lapsed lease, a message never picked up) — never one whose worker is alive, however
    /// long it has been scanning. A sealed draw waiting for a witness stays due and costs one read a tick. Returns how
    /// many draws it started or resumed.
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
            if (!IsLive(campaign) || campaign.Draws.FirstOrDefault(d => d.Id == draw.DrawId) is not { } definition) continue;
            if (draw.State is DrawState.Sealing or DrawState.Running)
            {
                if (await steps.SendIdleStepsAsync(draw, ct) > 0) acted++;
                continue;
            }
            if (draw.State == DrawState.Sealed ? !IsReadyToRun(draw, now, manual: false)
                : now < campaign.DrawCutoff(definition) || !await EarlierDrawsDoneAsync(campaign, draw.DrawId, ct))
            {
                continue;
            }
            await queue.EnqueueAsync(DrawQueues.Start, new DrawStep(draw.CampaignId, draw.DrawId, StartedBy: draw.StartedBy ?? "schedule",
                TraceParent: FanRewardsTelemetry.CurrentTraceParent()), ct);
            acted++;
        }
        return acted;
    }

    /// <summary>
    /// A sealed draw runs when its time has come or an admin asked, and no witness is still awaited.
    /// </summary>
    internal static bool IsReadyToRun(DrawRecord draw, DateTimeOffset now, bool manual) =>
        draw.State == DrawState.Sealed && draw.WaitingFor.Count == 0 && (now >= draw.At || manual || IsManual(draw.StartedBy));

    private static bool IsManual(string? startedBy) => startedBy?.StartsWith("manual:", StringComparison.Ordinal) == true;

    /// <summary>
    /// An admin asks for a draw now (entries must be closed for it). It runs the same steps as the schedule: a draw not
    /// sealed yet is sealed first, and runs once sealed; a sealed draw still waiting for a witness is refused.
    /// </summary>
    public Task<DrawStatus> RequestRunAsync(string campaignId, string drawId, AdminPrincipal actor, CancellationToken ct) =>
        RequestRunAsync(campaignId, drawId, actor, clock.GetUtcNow(), ct);

    /// <param name="askedAt">When it was decided: an approval's own time, so that the approver's retry audits the same row.</param>
    public async Task<DrawStatus> RequestRunAsync(string campaignId, string drawId, AdminPrincipal actor, DateTimeOffset askedAt, CancellationToken ct)
    {
        var (campaign, draw) = await RunnableAsync(campaignId, drawId, ct);
        var now = askedAt;
        await queue.EnqueueAsync(DrawQueues.Start, new DrawStep(campaignId, drawId, StartedBy: "manual:" + actor.Name, TraceParent: FanRewardsTelemetry.CurrentTraceParent()), ct);
        await audit.WriteAsync(new AuditEntry(campaignId, now, actor, "run-draw", $"Asked to run draw {drawId} now.")
        {
            Code = AuditCodes.DrawRunRequested,
            Args = AuditCodes.Args(("drawId", drawId)),
        }, $"run-draw-{drawId}-{now.UtcTicks}-{actor.AuditKey}", ct);
        return DrawStatus.Of(campaign, draw, await draws.ListShardResultsAsync(campaignId, drawId, draw.Shards, includeTop: false, DrawPhase.Seal, ct));
    }

    /// <summary>What <see cref="RequestRunAsync(string, string, AdminPrincipal, CancellationToken)"/> would refuse, without acting: four eyes asks it when a run is requested.</summary>
    public async Task CheckRunnableAsync(string campaignId, string drawId, CancellationToken ct) => await RunnableAsync(campaignId, drawId, ct);

    private async Task<(Campaign Campaign, DrawRecord Draw)> RunnableAsync(string campaignId, string drawId, CancellationToken ct)
    {
        var campaign = (await campaigns.FindAsync(campaignId, ct))?.Campaign ?? throw new ProblemException(Problem.NotFound("campaign", campaignId));
        if (campaign.Draws.FirstOrDefault(d => d.Id == drawId) is not { } definition || await draws.FindAsync(campaignId, drawId, ct) is not { } draw)
            throw new ProblemException(Problem.NotFound("draw", drawId));
        if (draw.State == DrawState.Drawn)
            throw new ProblemException(DrawProblems.AlreadyDrawn(drawId, campaign, draw.DrawnAt));
        var cutoff = campaign.DrawCutoff(definition);
        if (clock.GetUtcNow() < cutoff) throw new ProblemException(DrawProblems.EntriesStillOpen(drawId, CampaignTime.Format(cutoff, campaign.Zone)));
        if (!await EarlierDrawsDoneAsync(campaign, drawId, ct)) throw new ProblemException(DrawProblems.EarlierDrawPending(drawId));
        if (draw.State == DrawState.Sealed && draw.WaitingFor is { Count: > 0 } waiting)
            throw new ProblemException(DrawProblems.WaitingForWitnesses(drawId, waiting));
        return (campaign, draw);
    }

    /// <summary>
    /// Starts what the draw's state calls for: a scheduled draw starts its seal (its tiers and alternates fixed then); a
    /// sealed draw that is ready runs; a sealing or running one gets its idle steps sent. Each move is ETag-guarded, so a
    /// start delivered twice, or a scheduled and a manual start at once, move it once.
    /// </summary>
    public async Task StartAsync(DrawStep step, CancellationToken ct)
    {
        using var span = FanRewardsTelemetry.StartDrawActivity("draw.start", step.CampaignId, step.DrawId, step.TraceParent);
        var draw = await draws.FindAsync(step.CampaignId, step.DrawId, ct);
        var campaign = (await campaigns.FindAsync(step.CampaignId, ct))?.Campaign;
        if (draw is null || campaign is null || draw.State == DrawState.Drawn) return;
        var definition = campaign.Draws.FirstOrDefault(d => d.Id == draw.DrawId);
        if (definition is null || clock.GetUtcNow() < campaign.DrawCutoff(definition)) return;
        var manual = IsManual(step.StartedBy);

        for (var attempt = 0; attempt < 10; attempt++)
        {
            var now = clock.GetUtcNow();
            var next = draw.State switch
            {
                DrawState.Scheduled => draw with
                {
                    State = DrawState.Sealing,
                    StartedAt = now,
                    StartedBy = step.StartedBy ?? "schedule",
                    Tiers = DrawTier.Of(campaign, definition),
                    Alternates = definition.Alternates,
                },
                // Asked to run while it seals: remembered, so the seal's end runs it.
                DrawState.Sealing when manual && !IsManual(draw.StartedBy) => draw with { StartedBy = step.StartedBy },
                DrawState.Sealed when IsReadyToRun(draw, now, manual) => draw with
                {
                    State = DrawState.Running,
                    StartedBy = manual ? step.StartedBy : draw.StartedBy,
                },
                _ => null,
            };
            if (next is null) break;
            if (await draws.TryReplaceAsync(next, ct))
            {
                // A manual seal before the draw's own time: the timer must watch it from now, not from then.
                if (draw.State == DrawState.Scheduled && (draw.SealAt ?? draw.At) > now) await draws.MarkDueAsync(draw.CampaignId, draw.DrawId, now, ct);
                draw = await draws.FindAsync(step.CampaignId, step.DrawId, ct) ?? next;
                break;
            }
            // Another start got there first; a draw is never deleted, so it is there to read again.
            if (await draws.FindAsync(step.CampaignId, step.DrawId, ct) is not { } current) return;
            draw = current;
        }

        // Each shard is sent once: the send goes to whoever marks the shard's lease first.
        await steps.SendIdleStepsAsync(draw, ct);
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
                    stored.ETag, CampaignItemKinds.None, new AuditEntry(campaignId, now, "system", "drawn", "Every draw is drawn.") { Code = AuditCodes.CampaignDrawn }, ct);
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

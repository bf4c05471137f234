using FanRewards.Core.Admins;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Fairness;
using FanRewards.Core.Steps;
using FanRewards.Core.Telemetry;

namespace FanRewards.Core.Draws;

/// <summary>
/// Witnesses' reveals (public: knowing the preimage of the commitment is the credential) and admins' excuses, on a
/// sealed draw only. Each write is ETag-guarded on the draw's record, so concurrent reveals of different witnesses both
/// land. The last reveal or excuse of a draw whose time has come enqueues its start at once rather than waiting for
/// the next tick (the tick would start it too).
/// </summary>
public sealed class DrawWitnesses(ICampaignStore campaigns, IDrawStore draws, IStepQueue queue, IAuditLog audit, TimeProvider clock)
{
    public const int MaxReasonLength = 500;

    public async Task<WitnessView> RevealAsync(string campaignId, string drawId, string witnessId, string? secret, CancellationToken ct)
    {
        var (campaign, draw, _) = await FindAsync(campaignId, drawId, witnessId, ct);
        if (secret is null || !WitnessCommitment.IsSecret(secret))
        {
            var errors = new ValidationErrors();
            errors.Add("secret", "invalid-secret", "Required: the witness's secret, 64 lowercase hex characters.");
            throw new ProblemException(Problem.Validation(errors));
        }
        return await DecideAsync(campaign, draw, witnessId, "witness:" + witnessId, null, (witness, now) =>
        {
            if (DrawScoring.Commitment(Convert.FromHexString(secret)) != witness.Commitment)
                throw new ProblemException(WitnessProblems.SecretMismatch(witnessId));
            return witness with { Secret = secret, RevealedAt = now };
        }, ct);
    }

    public async Task<WitnessView> ExcuseAsync(string campaignId, string drawId, string witnessId, string? reason, AdminPrincipal actor, CancellationToken ct)
    {
        var (campaign, draw, _) = await FindAsync(campaignId, drawId, witnessId, ct);
        var errors = new ValidationErrors();
        errors.Require(reason, "reason", MaxReasonLength);
        if (!errors.IsEmpty || reason is null) throw new ProblemException(Problem.Validation(errors));
        return await DecideAsync(campaign, draw, witnessId, actor.Name, actor.Id, (witness, now) =>
        {
            if (draw.RevealBy is not { } revealBy || now <= revealBy)
            {
                throw new ProblemException(WitnessProblems.RevealDeadlineNotPassed(witnessId,
                    WitnessView.Format(draw.RevealBy, campaign.Zone) ?? "the reveal deadline"));
            }
            return witness with { ExcusedBy = actor.Name, ExcusedById = actor.Id, ExcusedAt = now, ExcuseReason = reason };
        }, ct);
    }

    private async Task<(Campaign, DrawRecord, DrawWitness)> FindAsync(string campaignId, string drawId, string witnessId, CancellationToken ct)
    {
        var campaign = (await campaigns.FindAsync(campaignId, ct))?.Campaign;
        if (campaign is null || campaign.Lifecycle == CampaignLifecycle.Draft) throw new ProblemException(Problem.NotFound("campaign", campaignId));
        if (campaign.Draws.All(d => d.Id != drawId) || await draws.FindAsync(campaignId, drawId, ct) is not { } draw)
            throw new ProblemException(Problem.NotFound("draw", drawId));
        var witness = draw.Witnesses.FirstOrDefault(w => w.Id == witnessId) ?? throw new ProblemException(Problem.NotFound("witness", witnessId));
        return (campaign, draw, witness);
    }

    /// <summary>Checks the draw and the witness, applies the decision (by a witness, or by the admin with <paramref name="actorId"/>) under the draw's ETag (re-read and re-checked on a conflict).</summary>
    private async Task<WitnessView> DecideAsync(Campaign campaign, DrawRecord draw, string witnessId, string actor, string? actorId,
        Func<DrawWitness, DateTimeOffset, DrawWitness> decide, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            if (draw.State is DrawState.Scheduled or DrawState.Sealing) throw new ProblemException(WitnessProblems.NotSealedYet(draw.DrawId));
            if (draw.State != DrawState.Sealed) throw new ProblemException(WitnessProblems.AlreadyRun(draw.DrawId));
            var witness = draw.Witnesses.First(w => w.Id == witnessId);
            if (witness.State != WitnessState.Waiting) throw new ProblemException(WitnessProblems.AlreadyDecided(witnessId, witness.State));
            var now = clock.GetUtcNow();
            var decided = decide(witness, now);
            var updated = draw with { Witnesses = draw.Witnesses.Select(w => w.Id == witnessId ? decided : w).ToList() };
            if (await draws.TryReplaceAsync(updated, ct))
            {
                var what = decided.State == WitnessState.Revealed ? "revealed" : $"excused: {decided.ExcuseReason}";
                await audit.WriteAsync(new AuditEntry(campaign.Id, now, actor, "witness-" + decided.State.ToString().ToLowerInvariant(),
                    $"Witness {witnessId} of draw {draw.DrawId} {what}.")
                {
                    ActorId = actorId,
                    Code = decided.State == WitnessState.Revealed ? AuditCodes.WitnessRevealed : AuditCodes.WitnessExcused,
                    Args = AuditCodes.Args(("drawId", draw.DrawId), ("witnessId", witnessId), ("reason", decided.ExcuseReason)),
                }, $"witness-{draw.DrawId}-{witnessId}", ct);
                if (DrawRunner.IsReadyToRun(updated, now, manual: false))
                {
                    await queue.EnqueueAsync(DrawQueues.Start, new DrawStep(campaign.Id, draw.DrawId, StartedBy: draw.StartedBy ?? "schedule",
                        TraceParent: FanRewardsTelemetry.CurrentTraceParent()), ct);
                }
                return WitnessView.Of(decided, campaign.Zone);
            }
            // Another witness (or an excuse) wrote first: read again and check again.
            draw = await draws.FindAsync(draw.CampaignId, draw.DrawId, ct) ?? draw;
        }
        throw new ProblemException(EntryProblems.Busy());
    }
}

/// <summary>The shape of a witness's secret: 32 bytes as 64 lowercase hex characters.</summary>
public static class WitnessCommitment
{
    public static bool IsSecret(string text) => text.Length == 64 && text.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}

using FanRewards.Core.Admins;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Draws;

namespace FanRewards.Core.Approvals;

/// <summary>
/// Four eyes: on a campaign that asks for it, publishing and running a draw by hand are requested by one person and
/// carried out when another who holds the action's role approves. The approval is recorded first (ETag-guarded, so of
/// two racing approvers one wins and the other gets a 409), then the action runs; a crash in between leaves it approved
/// but not done, and the approver approving again completes it (each action tells "already done" from "to do"). Should
/// the approver not come back, anyone else holding the role (never the requester) completes it once
/// <see cref="CompletionGrace"/> has passed since the approval, audited as a completion.
/// </summary>
public sealed class ApprovalService(IApprovalStore store, CampaignAdminService campaigns, DrawRunner runner, DrawQueries draws,
    IAuditLog audit, TimeProvider clock)
{
    /// <summary>
    /// How long an approval stays its approver's alone to complete: longer than an approve call runs, so a second approver
    /// arriving while the first one's action is under way still gets a 409 rather than a second action.
    /// </summary>
    public static readonly TimeSpan CompletionGrace = TimeSpan.FromMinutes(5);

    /// <summary>Null when neither the tenant nor the campaign asks for four eyes (publish at once); else the pending approval.</summary>
    public async Task<ApprovalView?> RequestPublishIfRequiredAsync(string campaignId, string? ifMatch, AdminPrincipal actor, CancellationToken ct)
    {
        var stored = await campaigns.GetAsync(campaignId, ct);
        if (!campaigns.RequiresFourEyes(stored.Campaign)) return null;
        var pinned = await campaigns.CheckPublishableAsync(campaignId, ifMatch, ct);
        return await RequestAsync(pinned.Campaign, ApprovalActions.Publish, null, pinned.ETag, actor, ct);
    }

    /// <summary>Null when neither the tenant nor the campaign asks for four eyes (run at once); else the pending approval.</summary>
    public async Task<ApprovalView?> RequestRunIfRequiredAsync(string campaignId, string drawId, AdminPrincipal actor, CancellationToken ct)
    {
        var stored = await campaigns.GetAsync(campaignId, ct);
        if (!campaigns.RequiresFourEyes(stored.Campaign)) return null;
        await runner.CheckRunnableAsync(campaignId, drawId, ct);
        return await RequestAsync(stored.Campaign, ApprovalActions.RunDraw, drawId, null, actor, ct);
    }

    public async Task<IReadOnlyList<ApprovalView>> ListAsync(string campaignId, CancellationToken ct)
    {
        var campaign = (await campaigns.GetAsync(campaignId, ct)).Campaign;
        return (await store.ListAsync(campaignId, ct)).Select(a => ApprovalView.From(a, campaign.Zone)).ToList();
    }

    public async Task<ApprovalOutcome> ApproveAsync(string campaignId, string approvalId, AdminPrincipal actor, CancellationToken ct)
    {
        var campaign = (await campaigns.GetAsync(campaignId, ct)).Campaign;
        var (approval, etag) = await FindAsync(campaignId, approvalId, ct);
        var role = ApprovalActions.RoleOf(approval.Action);
        if (!actor.Has(role)) throw new ProblemException(ApprovalProblems.MissingRole(role));
        if (approval.RequestedBy.Id == actor.Id) throw new ProblemException(ApprovalProblems.SamePerson());
        // Approved but not done (the approver's earlier call died): that approver completes it at once; anyone else with
        // the role only after the grace, so a second approver racing the first still gets a 409 rather than a second action.
        var stalled = approval is { Status: ApprovalStatus.Approved, ActionDone: false };
        var byApprover = approval.DecidedBy?.Id == actor.Id;
        var completing = stalled && (byApprover || approval.DecidedAt + CompletionGrace <= clock.GetUtcNow());
        if (approval.Status != ApprovalStatus.Pending && !completing) throw new ProblemException(ApprovalProblems.AlreadyDecided(approval));

        var approved = approval;
        if (!completing)
        {
            approved = approval with { Status = ApprovalStatus.Approved, DecidedBy = AdminRef.Of(actor), DecidedAt = clock.GetUtcNow() };
            etag = await store.TryReplaceAsync(approved, etag, ct) ?? throw await DecidedMeanwhileAsync(approval, ct);
        }

        object result;
        try
        {
            result = await ActAsync(approved, actor, completing, ct);
        }
        catch (ProblemException) when (!completing)
        {
            // The action refused (the draft changed since the request, entries still open): nothing happened, so the
            // request is pending again, to approve later or cancel.
            await store.TryReplaceAsync(approval, etag, ct);
            throw;
        }

        var done = approved with { ActionDone = true };
        // The audit before "done": a crash between them leaves the approval not done, and the retry writes the same entry
        // again (same key and time, so one row); the other order could leave a done approval nobody audited.
        if (completing && !byApprover) await WriteAuditAsync(done, actor, AuditCodes.ApprovalCompleted, "completed", ct);
        else await WriteAuditAsync(done, actor, AuditCodes.ApprovalApproved, "approved", ct);
        await store.TryReplaceAsync(done, etag, ct);
        return new ApprovalOutcome(ApprovalView.From(done, campaign.Zone), result);
    }

    /// <summary>The requester, or anyone holding the action's role, withdraws a pending request.</summary>
    public async Task<ApprovalView> CancelAsync(string campaignId, string approvalId, AdminPrincipal actor, CancellationToken ct)
    {
        var campaign = (await campaigns.GetAsync(campaignId, ct)).Campaign;
        var (approval, etag) = await FindAsync(campaignId, approvalId, ct);
        var role = ApprovalActions.RoleOf(approval.Action);
        if (approval.RequestedBy.Id != actor.Id && !actor.Has(role)) throw new ProblemException(ApprovalProblems.MissingRole(role));
        // Cancelled by this very person: their earlier call may have died between storing and auditing; the retry audits
        // it again (at the cancellation's own time, so one row) and answers as the first call would have.
        if (approval is { Status: ApprovalStatus.Cancelled } && approval.DecidedBy?.Id == actor.Id)
        {
            await WriteAuditAsync(approval, actor, AuditCodes.ApprovalCancelled, "cancelled", ct);
            return ApprovalView.From(approval, campaign.Zone);
        }
        if (approval.Status != ApprovalStatus.Pending) throw new ProblemException(ApprovalProblems.AlreadyDecided(approval));
        var cancelled = approval with { Status = ApprovalStatus.Cancelled, DecidedBy = AdminRef.Of(actor), DecidedAt = clock.GetUtcNow() };
        _ = await store.TryReplaceAsync(cancelled, etag, ct) ?? throw await DecidedMeanwhileAsync(approval, ct);
        await WriteAuditAsync(cancelled, actor, AuditCodes.ApprovalCancelled, "cancelled", ct);
        return ApprovalView.From(cancelled, campaign.Zone);
    }

    /// <summary>
    /// One pending approval per action and version: its id is derived from them (<see cref="Approval.IdFor"/>), so of any
    /// number of identical requests, at once or one after another, by one person or several, one insert lands and the
    /// others get that approval back. A decided one (approved, cancelled) moves a new request on to the next id of the
    /// chain: a request reads one row per decided approval of the same action and version (rarely more than one).
    /// </summary>
    private async Task<ApprovalView> RequestAsync(Campaign campaign, string action, string? drawId, string? campaignETag, AdminPrincipal actor,
        CancellationToken ct)
    {
        for (var generation = 0; ; generation++)
        {
            var approval = new Approval(Approval.IdFor(campaign.Id, action, drawId, campaignETag, generation), campaign.Id, action, drawId,
                ApprovalStatus.Pending, AdminRef.Of(actor), clock.GetUtcNow(), null, null, campaignETag, ActionDone: false);
            if (await store.TryAddAsync(approval, ct))
            {
                await WriteAuditAsync(approval, actor, AuditCodes.ApprovalRequested, "requested", ct);
                return ApprovalView.From(approval, campaign.Zone);
            }

            var existing = (await store.FindAsync(campaign.Id, approval.Id, ct))?.Approval
                ?? throw new InvalidOperationException($"Approval '{approval.Id}' was there when added and gone when read: approvals are never deleted.");
            if (existing.Status != ApprovalStatus.Pending) continue;
            // The requester's first call may have died between storing the request and auditing it: the entry is keyed, so
            // this is one row. Someone else asking for the same gets the request back and audits nothing (nothing happened).
            if (existing.RequestedBy.Id == actor.Id) await WriteAuditAsync(existing, actor, AuditCodes.ApprovalRequested, "requested", ct);
            return ApprovalView.From(existing, campaign.Zone);
        }
    }

    /// <summary>Runs the approved action; when completing after a crash, an action found done already is not done twice.</summary>
    private async Task<object> ActAsync(Approval approval, AdminPrincipal approver, bool completing, CancellationToken ct)
    {
        if (approval.Action == ApprovalActions.Publish)
        {
            var current = await campaigns.GetAsync(approval.CampaignId, ct);
            var published = completing && current.Campaign.Lifecycle != CampaignLifecycle.Draft
                ? current
                : await campaigns.PublishAsync(approval.CampaignId, approval.CampaignETag, approver, ct);
            return AdminCampaignView.From(published, clock.GetUtcNow());
        }

        var drawId = approval.DrawId ?? throw new InvalidOperationException($"Approval '{approval.Id}' runs a draw but names none.");
        try
        {
            // Asking a draw to run twice is harmless: its start is ETag-guarded and moves it once.
            return await runner.RequestRunAsync(approval.CampaignId, drawId, approver, approval.DecidedAt ?? clock.GetUtcNow(), ct);
        }
        catch (ProblemException e) when (completing && e.Problem.Status == 409)
        {
            // Drawn meanwhile (the earlier call's run finished): done; its status is the answer.
            return (await draws.ListAsync(approval.CampaignId, ct)).First(d => d.DrawId == drawId);
        }
    }

    private async Task<StoredApproval> FindAsync(string campaignId, string approvalId, CancellationToken ct) =>
        await store.FindAsync(campaignId, approvalId, ct) ?? throw new ProblemException(Problem.NotFound("approval", approvalId));

    private async Task<ProblemException> DecidedMeanwhileAsync(Approval approval, CancellationToken ct) =>
        new(ApprovalProblems.AlreadyDecided((await store.FindAsync(approval.CampaignId, approval.Id, ct))?.Approval ?? approval));

    private Task WriteAuditAsync(Approval approval, AdminPrincipal actor, string code, string verb, CancellationToken ct)
    {
        var what = approval.DrawId is { } drawId ? $"running draw {drawId}" : "publishing the campaign";
        var by = verb switch
        {
            "requested" => "",
            "completed" => $" (asked by {approval.RequestedBy.Name}, approved by {approval.DecidedBy?.Name})",
            _ => $" (asked by {approval.RequestedBy.Name})",
        };
        // At the approval's own time: the audit log keys a row by time and key, so a retry writes the same row again. A
        // completion too is at the approval's time (its args name the approver and the completer is the actor): a completer's
        // retry, or a second completer racing the first before "done", rewrites the one row instead of adding another.
        var at = verb == "requested" ? approval.RequestedAt : approval.DecidedAt ?? clock.GetUtcNow();
        var entry = new AuditEntry(approval.CampaignId, at, actor, "approval-" + verb, $"{Capitalised(verb)} {what}{by}.")
        {
            Code = code,
            Args = AuditCodes.Args(("approvalId", approval.Id), ("action", approval.Action), ("drawId", approval.DrawId),
                ("actorId", actor.Id), ("requestedBy", approval.RequestedBy.Name), ("requestedById", approval.RequestedBy.Id),
                ("approvedBy", verb == "completed" ? approval.DecidedBy?.Name : null), ("approvedById", verb == "completed" ? approval.DecidedBy?.Id : null)),
        };
        return audit.WriteAsync(entry, $"approval-{approval.Id}-{verb}", ct);
    }

    private static string Capitalised(string verb) => char.ToUpperInvariant(verb[0]) + verb[1..];
}

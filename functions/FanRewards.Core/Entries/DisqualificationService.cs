using FanRewards.Core.Admins;
using FanRewards.Core.Campaigns;

namespace FanRewards.Core.Entries;

/// <summary>An admin keeps a cheating entrant's entries out of every later draw; the decision is recorded and audited.</summary>
public sealed class DisqualificationService(CampaignAdminService campaigns, IDisqualificationStore store, IAuditLog audit, TimeProvider clock)
{
    public const int MaxReasonLength = 500;

    public async Task<Disqualification> DisqualifyAsync(string campaignId, string entrantId, string? reason, AdminPrincipal actor, CancellationToken ct)
    {
        if (!Entrant.IsValidId(entrantId))
            throw new ProblemException(Problem.InvalidId(nameof(entrantId), entrantId, Entrant.IdRule));
        var errors = new ValidationErrors();
        errors.Require(reason, "reason", MaxReasonLength);
        if (!errors.IsEmpty || reason is null) throw new ProblemException(Problem.Validation(errors));
        var campaign = (await campaigns.GetAsync(campaignId, ct)).Campaign;

        var disqualification = new Disqualification(campaign.Id, entrantId, campaign.PseudonymOf(entrantId), reason, AdminRef.Of(actor), clock.GetUtcNow());
        // Already disqualified: the first record stands (records are never deleted, so it is there to read).
        var added = await store.TryAddAsync(disqualification, ct);
        if (!added) disqualification = await store.FindAsync(campaign.Id, entrantId, ct) ?? disqualification;
        // Keyed by the entrant: a retried request records the (first) decision once.
        var entry = new AuditEntry(campaign.Id, disqualification.At, disqualification.By.Name, "disqualify",
            $"Disqualified {disqualification.Pseudonym[..12]}: {disqualification.Reason}")
        {
            // The recorded decider, also on a retry by someone else: the entry names who decided, not who asked again.
            ActorId = disqualification.By.Id,
            Code = AuditCodes.EntrantDisqualified,
            Args = AuditCodes.Args(("pseudonym", disqualification.Pseudonym[..12]), ("reason", disqualification.Reason)),
        };
        await audit.WriteAsync(entry, $"disqualify-{disqualification.Pseudonym}", ct);
        return disqualification;
    }
}

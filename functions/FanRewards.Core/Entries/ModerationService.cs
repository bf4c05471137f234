using FanRewards.Core.Admins;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Campaigns.Model;
using FanRewards.Core.Json;

namespace FanRewards.Core.Entries;

/// <summary>Admins approve or reject messages and reflections of moderated activities.</summary>
public sealed class ModerationService(CampaignAdminService campaigns, IEntryStore entries, IAuditLog audit, TimeProvider clock)
{
    private static readonly EntryStatus[] MessageStatuses = [EntryStatus.Pending, EntryStatus.Approved, EntryStatus.Rejected];

    /// <param name="status">A message status as the query names it (pending, approved, rejected), or null for all.</param>
    public async Task<IReadOnlyList<ModerationItem>> ListAsync(string campaignId, string? status, string? activityId, int max,
        CancellationToken ct)
    {
        EntryStatus? wanted = null;
        if (status is not null)
        {
            if (!WireName.TryParse<EntryStatus>(status, out var parsed) || !MessageStatuses.Contains(parsed))
            {
                var errors = new ValidationErrors();
                errors.Add("status", "one-of", "Must be pending, approved or rejected.", ("options", MessageStatuses.Select(WireName.Of).ToArray()));
                throw new ProblemException(Problem.Validation(errors));
            }
            wanted = parsed;
        }
        var campaign = (await campaigns.GetAsync(campaignId, ct)).Campaign;
        var activities = MessageActivities(campaign).Where(a => activityId is null || a.Id == activityId).ToList();
        if (activityId is not null && activities.Count == 0) throw new ProblemException(Problem.NotFound("message activity", activityId));

        var items = new List<ModerationItem>();
        foreach (var activity in activities)
        {
            await foreach (var entry in entries.ScanActivityAsync(campaign.Id, campaign.EntryBuckets, activity.Id, wanted, ct))
            {
                if (entry is { Text: { } text, Status: { } entryStatus })
                {
                    items.Add(new ModerationItem(activity.Id, entry.EntrantId, entry.Pseudonym, text, entryStatus,
                        CampaignTime.Format(entry.AcceptedAt, campaign.Zone)));
                }
            }
        }

        return items.OrderBy(i => i.At, StringComparer.Ordinal).ThenBy(i => i.Pseudonym, StringComparer.Ordinal)
            .Take(Math.Clamp(max, 1, 1000)).ToList();
    }

    public async Task<ModerationItem> DecideAsync(string campaignId, string activityId, string entrantId, bool approve, AdminPrincipal actor,
        CancellationToken ct)
    {
        var campaign = (await campaigns.GetAsync(campaignId, ct)).Campaign;
        if (MessageActivities(campaign).All(a => a.Id != activityId)) throw new ProblemException(Problem.NotFound("message activity", activityId));
        var pseudonym = campaign.PseudonymOf(entrantId);
        var bucket = Pseudonym.BucketOf(pseudonym, campaign.EntryBuckets);
        var status = approve ? EntryStatus.Approved : EntryStatus.Rejected;
        for (var attempt = 0; ; attempt++)
        {
            // Allowed after the cutoff too: a decision after a draw's seal leaves its entry set as sealed and only takes a
            // winner out at award time, as a recorded pass.
            if (await entries.FindAsync(campaign.Id, bucket, EntryRecord.Key(activityId, pseudonym), ct) is not { Text: { } text } entry)
                throw new ProblemException(Problem.NotFound("message", $"{activityId}/{entrantId}"));
            var decidedAt = clock.GetUtcNow();
            if (entry.Status != status && await entries.TryReplaceAsync(EntryDecisions.Decide(entry, status, decidedAt), ct) is null)
            {
                if (attempt < 5) continue;
                throw new ProblemException(EntryProblems.Busy());
            }
            // A retry finds its decision stored: audited at that decision's own time, it rewrites the same row.
            var at = entry.Status == status ? entry.DecidedAt ?? decidedAt : decidedAt;
            await audit.WriteAsync(new AuditEntry(campaign.Id, at, actor, approve ? "approve-message" : "reject-message",
                $"{(approve ? "Approved" : "Rejected")} the {activityId} entry of {pseudonym[..12]}.")
            {
                Code = approve ? AuditCodes.MessageApproved : AuditCodes.MessageRejected,
                Args = AuditCodes.Args(("activityId", activityId), ("pseudonym", pseudonym[..12])),
            },
                $"moderation-{activityId}-{pseudonym}-{WireName.Of(status)}-{actor.AuditKey}", ct);
            return new ModerationItem(activityId, entrantId, pseudonym, text, status, CampaignTime.Format(entry.AcceptedAt, campaign.Zone));
        }
    }

    private static IEnumerable<TextActivity> MessageActivities(Campaign campaign) => campaign.Model.Activities.OfType<TextActivity>();
}

public sealed record ModerationItem(string ActivityId, string EntrantId, string Pseudonym, string Text, EntryStatus Status, string At)
{
    /// <summary>The item for an admin who does not moderate (the auditor): the entrant id masked as the fraud review masks it.</summary>
    public ModerationItem WithEntrantMasked() => this with { EntrantId = EntrantIdMask.Of(EntrantId) };
}

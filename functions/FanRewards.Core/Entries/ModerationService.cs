using FanRewards.Core.Campaigns;

namespace FanRewards.Core.Entries;

/// <summary>Audit records for changes that are not campaign settings (moderation, disqualification).</summary>
public interface IAuditLog
{
    /// <summary>Writes the entry under <paramref name="key"/>; writing the same key again replaces it, so a retried command is recorded once.</summary>
    Task WriteAsync(AuditEntry entry, string key, CancellationToken ct);
}

/// <summary>Admins approve or reject messages and reflections of moderated activities.</summary>
public sealed class ModerationService(CampaignAdminService campaigns, IEntryStore entries, IAuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<ModerationItem>> ListAsync(string campaignId, string? status, string? activityId, int max,
        CancellationToken ct)
    {
        if (status is not (null or MessageStatus.Pending or MessageStatus.Approved or MessageStatus.Rejected))
        {
            var errors = new ValidationErrors();
            errors.Add("status", "one-of", "Must be pending, approved or rejected.",
                ("options", new[] { MessageStatus.Pending, MessageStatus.Approved, MessageStatus.Rejected }));
            throw new ProblemException(Problem.Validation(errors));
        }
        var campaign = (await campaigns.GetAsync(campaignId, ct)).Campaign;
        var activities = MessageActivities(campaign).Where(a => activityId is null || a.Id == activityId).ToList();
        if (activityId is not null && activities.Count == 0) throw new ProblemException(Problem.NotFound("message activity", activityId));

        var items = new List<ModerationItem>();
        foreach (var activity in activities)
            await foreach (var entry in entries.ScanActivityAsync(campaign.Id, campaign.EntryBuckets, activity.Id!, status, ct))
                items.Add(new ModerationItem(activity.Id!, entry.EntrantId, entry.Pseudonym, entry.Text!, entry.Status!,
                    CampaignTime.Format(entry.AcceptedAt, campaign.Zone)));
        return items.OrderBy(i => i.At, StringComparer.Ordinal).ThenBy(i => i.Pseudonym, StringComparer.Ordinal)
            .Take(Math.Clamp(max, 1, 1000)).ToList();
    }

    public async Task<ModerationItem> DecideAsync(string campaignId, string activityId, string entrantId, bool approve, string actor,
        CancellationToken ct)
    {
        var campaign = (await campaigns.GetAsync(campaignId, ct)).Campaign;
        if (MessageActivities(campaign).All(a => a.Id != activityId)) throw new ProblemException(Problem.NotFound("message activity", activityId));
        var pseudonym = Pseudonym.Of(campaign.Id, entrantId);
        var bucket = Pseudonym.BucketOf(pseudonym, campaign.EntryBuckets);
        var status = approve ? MessageStatus.Approved : MessageStatus.Rejected;
        for (var attempt = 0; ; attempt++)
        {
            var entry = await entries.FindAsync(campaign.Id, bucket, EntryRecord.Key(activityId, pseudonym), ct)
                        ?? throw new ProblemException(Problem.NotFound("message", $"{activityId}/{entrantId}"));
            if (entry.Status != status && await entries.TryReplaceAsync(entry with { Status = status }, ct) is null)
            {
                if (attempt < 5) continue;
                throw new ProblemException(EntryProblems.Busy());
            }
            var now = clock.GetUtcNow();
            await audit.WriteAsync(new AuditEntry(campaign.Id, now, actor, approve ? "approve-message" : "reject-message",
                $"{(approve ? "Approved" : "Rejected")} the {activityId} entry of {pseudonym[..12]}."), $"moderation-{activityId}-{pseudonym}-{status}", ct);
            return new ModerationItem(activityId, entrantId, pseudonym, entry.Text!, status, CampaignTime.Format(entry.AcceptedAt, campaign.Zone));
        }
    }

    private static IEnumerable<ActivityDefinition> MessageActivities(Campaign campaign) =>
        (campaign.Definition.Activities ?? []).Where(a => a.Kind is ActivityKind.Message or ActivityKind.Reflection);
}

public sealed record ModerationItem(string ActivityId, string EntrantId, string Pseudonym, string Text, string Status, string At);

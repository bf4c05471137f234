using FanRewards.Core.Campaigns;
using FanRewards.Core.Due;
using FanRewards.Core.Outbox;

namespace FanRewards.Core.Awards;

/// <summary>
/// Marks the award work that existed before the due index did: closes of published top-N campaigns, unpublished events,
/// claim deadlines of awards still waiting, voucher codes, contact retention. It reads every live campaign, so it runs
/// once per store (a mark of its own records that it finished) and never as part of a sweep.
/// </summary>
public sealed class DueBackfill(ICampaignStore campaigns, IAwardStore awards, IOutbox outbox, IClaimContactStore contacts, DueLedger due)
{
    private static readonly DueMark Done = DueMark.Now(DueKinds.Backfill, "v1");

    /// <summary>Writes the marks unless an earlier run finished; returns how many campaigns got marks.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        if ((await due.ListDueAsync(DueKinds.Backfill, ct)).Any(e => e.Mark == Done)) return 0;
        var marked = 0;
        foreach (var stored in await campaigns.ListAsync(ct))
        {
            var campaign = stored.Campaign;
            if (campaign.Lifecycle is CampaignLifecycle.Draft or CampaignLifecycle.Archived) continue;
            var marks = new List<DueMark>();
            if (TopNService.CloseMarkOf(campaign) is { } close) marks.Add(close);
            var given = await awards.ListAsync(campaign.Id, ct);
            if (given.Count > 0) marks.Add(DueMark.Now(DueKinds.Vouchers, campaign.Id));
            foreach (var award in given)
                if (award is { Status: AwardStatus.Awarded, ClaimDeadline: { } deadline }) marks.Add(DueMark.At(DueKinds.Claim, campaign.Id, deadline));
            if ((await outbox.ListUnpublishedAsync(campaign.Id, 1, ct)).Count > 0) marks.Add(DueMark.Now(DueKinds.Outbox, campaign.Id));
            marks.AddRange((await contacts.ListAsync(campaign.Id, ct)).Select(c => DueMark.At(DueKinds.Contacts, campaign.Id, c.DeleteAfter)));
            if (marks.Count == 0) continue;
            await due.MarkAsync(marks.Distinct().ToList(), ct);
            marked++;
        }
        await due.MarkAsync([Done], ct);
        return marked;
    }
}

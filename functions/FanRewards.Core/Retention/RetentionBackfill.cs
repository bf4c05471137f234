using FanRewards.Core.Campaigns;
using FanRewards.Core.Due;

namespace FanRewards.Core.Retention;

/// <summary>
/// Marks the retention of campaigns published before retention marks existed. It reads every campaign, so it runs once
/// per store (a mark of its own records that it finished), at an instance's start and never as part of a sweep.
/// </summary>
public sealed class RetentionBackfill(ICampaignStore campaigns, DueLedger due)
{
    private static readonly DueMark Done = DueMark.Now(DueKinds.Backfill, "retention-v1");

    /// <summary>Writes the marks unless an earlier run finished; returns how many campaigns got one.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        if ((await due.ListDueAsync(DueKinds.Backfill, ct)).Any(e => e.Mark == Done)) return 0;
        var marks = (await campaigns.ListAsync(ct)).Select(s => s.Campaign)
            .Where(c => c.Lifecycle is not CampaignLifecycle.Draft)
            .Select(PersonalDataRetention.MarkOf).OfType<DueMark>().ToList();
        if (marks.Count > 0) await due.MarkAsync(marks, ct);
        await due.MarkAsync([Done], ct);
        return marks.Count;
    }
}

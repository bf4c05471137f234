using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Campaigns.Model;
using FanRewards.Core.Due;

namespace FanRewards.Core.Retention;

/// <summary>
/// Deletes a campaign's entrants' personal data once its retention period is over: entrant ids (replaced), message
/// texts and sign-up fields of its entries, and the entrant ids beside pseudonyms in its draws' rankings and shard
/// tops, disqualifications, awards, their events and sign-up seats; the fraud review's aggregates go whole. Pseudonyms, weights, entry sets and proofs stay:
/// they are what verification needs, and they verify the same afterwards.
/// <para>
/// The period is the campaign's <see cref="CampaignModel.ContactRetentionDays"/> (the claim contacts' setting), counted
/// from the last of the close, the last draw and the claim deadline. The sweep reads only the due index's retention
/// marks (written at publish and at an early close); for a campaign it reads its entries once, so its cost is in
/// proportion to that campaign's entries, and a record of the erasure makes it happen once. A campaign with an award
/// still waiting for its winner's claim (an alternate's claim window can outlast the deadline) is looked at again a day later.
/// </para>
/// </summary>
public sealed class PersonalDataRetention(
    ICampaignStore campaigns, IAwardStore awards, Draws.IDrawStore draws, IPersonalDataStore personalData, DueLedger due)
{
    /// <summary>How long a campaign with an award still waiting is left before the sweep looks again.</summary>
    public static readonly TimeSpan WaitingAwardRecheck = TimeSpan.FromDays(1);

    /// <summary>When the campaign's entrants' personal data is deleted; null for a draft without a schedule.</summary>
    public static DateTimeOffset? DueAt(Campaign campaign)
    {
        var schedule = campaign.Model.Schedule;
        DateTimeOffset?[] ends = [campaign.ClosesAt, schedule.ClaimDeadline, .. schedule.Draws.Select(d => d.At)];
        return ends.Max() is { } last ? last + TimeSpan.FromDays(campaign.Model.ContactRetentionDays) : null;
    }

    public static DueMark? MarkOf(Campaign campaign) =>
        DueAt(campaign) is { } at ? DueMark.At(DueKinds.Retention, campaign.Id, at) : null;

    /// <summary>The timer's work: each due campaign erased, or its mark moved to when it is due. Returns how many campaigns were erased.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var erased = 0;
        var failures = new List<Exception>();
        foreach (var entry in await due.ListDueAsync(DueKinds.Retention, ct))
        {
            try
            {
                if (await RunAsync(entry, due.Now, ct)) erased++;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // One campaign that keeps failing must not starve the others; its mark stays for the next sweep.
                failures.Add(e);
            }
        }
        if (failures.Count > 0) throw new AggregateException("The retention sweep failed for some campaigns; the others were swept.", failures);
        return erased;
    }

    private async Task<bool> RunAsync(DueEntry entry, DateTimeOffset now, CancellationToken ct)
    {
        var campaign = (await campaigns.FindAsync(entry.Mark.CampaignId, ct))?.Campaign;
        if (campaign is null || await personalData.FindErasedAsync(campaign.Id, ct) is not null)
        {
            await due.RemoveAsync(entry, ct);
            return false;
        }
        // A mark from before a change of schedule (an early close moves the time sooner, an edit may move it later):
        // the campaign as it is now says when. A draft's mark (a publish that failed) goes; its publish marks again.
        var dueAt = DueAt(campaign);
        if (campaign.Lifecycle is CampaignLifecycle.Draft || dueAt is null || dueAt > now)
        {
            await MoveAsync(entry, campaign.Lifecycle is CampaignLifecycle.Draft ? null : MarkOf(campaign), ct);
            return false;
        }
        // A draw not drawn yet (a witnessed draw can wait for its witnesses past the period) still needs the entrant ids
        // beside its sealed set to award its winners: erasing waits for it, as for a waiting claim. An archived
        // campaign's draws are never to be drawn. Read from the draws themselves: a campaign whose last draw came before
        // its close never becomes "drawn" as a whole.
        if (campaign.Lifecycle is not CampaignLifecycle.Archived
            && (await draws.ListAsync(campaign.Id, ct)).Any(d => d.State != Draws.DrawState.Drawn))
        {
            await MoveAsync(entry, DueMark.At(DueKinds.Retention, campaign.Id, now + WaitingAwardRecheck), ct);
            return false;
        }
        // A prize still waiting for its claim (the claim sweep passes it on at its deadline) needs its winner's id until then.
        if ((await awards.ListAsync(campaign.Id, ct)).Any(a => a is { Status: AwardStatus.Awarded, ClaimDeadline: not null }))
        {
            await MoveAsync(entry, DueMark.At(DueKinds.Retention, campaign.Id, now + WaitingAwardRecheck), ct);
            return false;
        }

        // Each step erases what is left and skips what is done: a crash half-way is finished by the next sweep, and the
        // record of the erasure is written last, so it never claims more than was done.
        await personalData.EraseEntriesAsync(campaign.Id, campaign.EntryBuckets, ct);
        foreach (var draw in campaign.Draws) await personalData.EraseDrawAsync(campaign.Id, draw.Id, campaign.EntryBuckets, ct);
        await personalData.EraseDisqualificationsAsync(campaign.Id, ct);
        await personalData.EraseFraudSignalsAsync(campaign.Id, ct);
        await personalData.EraseAwardsAsync(campaign.Id, ct);
        await personalData.EraseSeatsAsync(campaign.Id, campaign.Model.Activities.OfType<SignupActivity>().Select(a => a.Id), ct);
        await personalData.MarkErasedAsync(campaign.Id, now, ct);
        await due.RemoveAsync(entry, ct);
        return true;
    }

    private async Task MoveAsync(DueEntry entry, DueMark? to, CancellationToken ct)
    {
        if (to == entry.Mark) return;
        if (to is not null) await due.MarkAsync([to], ct);
        await due.RemoveAsync(entry, ct);
    }
}

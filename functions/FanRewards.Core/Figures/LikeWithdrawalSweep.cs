using FanRewards.Core.Campaigns;
using FanRewards.Core.Due;

namespace FanRewards.Core.Figures;

/// <summary>
/// The second run of each withdrawal (<see cref="LikeWithdrawal.WithdrawAsync"/> marks it in the due index, once the
/// entry path's copies of the disqualifications have all caught up): likes accepted meanwhile by an instance whose copy
/// was older, or still on their way to storage, leave the leaderboard too. Run by a timer every minute; a minute with
/// nothing due reads only the front of the index.
/// </summary>
public sealed class LikeWithdrawalSweep(LikeWithdrawal withdrawal, ICampaignStore campaigns, DueLedger due)
{
    /// <summary>The withdrawals run again; returns how many entrants' likes were looked at.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var ran = 0;
        var failures = new List<Exception>();
        foreach (var entry in await due.ListDueAsync(DueKinds.LikeWithdrawals, ct))
        {
            try
            {
                var (campaignId, pseudonym) = LikeWithdrawal.EntrantOf(entry.Mark);
                // A campaign deleted since has no leaderboard left to correct.
                if ((await campaigns.FindAsync(campaignId, ct))?.Campaign is { } campaign)
                {
                    await withdrawal.WithdrawAgainAsync(campaign, pseudonym, ct);
                    ran++;
                }
                await due.RemoveAsync(entry, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // One entrant that keeps failing must not starve the others; its mark stays for the next sweep.
                failures.Add(e);
            }
        }
        if (failures.Count > 0) throw new AggregateException("The like withdrawal sweep failed for some entrants; the others were swept.", failures);
        return ran;
    }
}

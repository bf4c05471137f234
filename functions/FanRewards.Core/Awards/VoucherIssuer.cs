using FanRewards.Core.Campaigns;
using FanRewards.Core.Outbox;

namespace FanRewards.Core.Awards;

/// <summary>
/// Gives each award of a voucher prize its one code and records it on the award with a "voucher issued" event. The
/// voucher store hands an award the same code however often it asks, so this can run again after a crash, and the
/// sweep runs it for awards still without a code (the codes may have been uploaded after the award).
/// </summary>
public sealed class VoucherIssuer(IAwardStore awards, IVoucherStore vouchers, TimeProvider clock)
{
    public Task<Award> IssueAsync(Campaign campaign, Award award, CancellationToken ct) => IssueAsync(campaign, award, showingToWinner: false, ct);

    /// <param name="showingToWinner">
    /// The code goes to the winner in this very response (a first-come or instant win): the write that gives the code
    /// records it as shown too, so it never leaves the server unrecorded.
    /// </param>
    public async Task<Award> IssueAsync(Campaign campaign, Award award, bool showingToWinner, CancellationToken ct)
    {
        if (award.VoucherCode is not null || !InPlay(award) || campaign.Model.FindPrize(award.PrizeId)?.Kind != PrizeKind.Voucher) return award;
        var code = await vouchers.IssueAsync(campaign.Id, award.PrizeId, award.AwardId, ct);
        if (code is null) return award; // none uploaded yet: the sweep tries again
        for (var attempt = 0; attempt < 5; attempt++)
        {
            // The award as given carries the ETag it was written with: try that first, and read it only when it moved on.
            var current = attempt == 0 && award.ETag is not null ? award : await awards.FindAsync(campaign.Id, award.AwardId, ct) ?? award;
            if (current.VoucherCode is not null || !InPlay(current)) return current;
            var now = clock.GetUtcNow();
            var issued = current with { VoucherCode = code, CodeShownAt = showingToWinner ? now : current.CodeShownAt };
            // The event says which award got a code, never the code itself: downstream reads it from its own channel.
            var data = System.Text.Json.JsonSerializer.Serialize(new
            {
                campaignId = campaign.Id, awardId = award.AwardId, prizeId = award.PrizeId, entrantId = award.EntrantId, pseudonym = award.Pseudonym,
            }, Json.FanRewardsJson.Options);
            if (await awards.TryUpdateAsync(issued, [new OutboxEvent(campaign.Id, $"voucher-{award.AwardId}", EventTypes.VoucherIssued, now, data)], ct))
                return issued;
        }
        return award;
    }

    /// <summary>
    /// Issues codes to every award of the campaign that should have one and has none (the sweep's work: the codes may
    /// have been uploaded after the award); returns how many still have none. A campaign without a voucher prize
    /// reads nothing.
    /// </summary>
    public async Task<int> IssueMissingAsync(Campaign campaign, CancellationToken ct)
    {
        if (!campaign.Model.Prizes.Any(p => p.Kind == PrizeKind.Voucher)) return 0;
        var missing = 0;
        foreach (var award in await awards.ListAsync(campaign.Id, ct))
        {
            if (award.VoucherCode is null && award.Status is AwardStatus.Awarded or AwardStatus.Claimed &&
                campaign.Model.FindPrize(award.PrizeId)?.Kind == PrizeKind.Voucher &&
                (await IssueAsync(campaign, award, ct)).VoucherCode is null)
            {
                missing++;
            }
        }

        return missing;
    }

    /// <summary>A code goes only to a live win: never to an award written out of play or ended (its prize went on).</summary>
    private static bool InPlay(Award award) => !award.PassPending && award.Status is AwardStatus.Awarded or AwardStatus.Claimed;
}

using FanRewards.Core.Campaigns;

namespace FanRewards.Core.Awards;

/// <summary>
/// A prize as its winner sees it: its status and claim deadline, their own voucher code included, nobody else's. The code
/// is in it only once the award records that it was shown (<see cref="Award.CodeShownAt"/>), so no code reaches a
/// winner without that record.
/// </summary>
public sealed record MyAward(string AwardId, string PrizeId, string? PrizeName, AwardedBy Mode, AwardStatus Status, string AwardedAt,
    string? ClaimDeadline, string? VoucherCode)
{
    public static MyAward From(Award a, Campaign campaign) => new(a.AwardId, a.PrizeId, campaign.Model.FindPrize(a.PrizeId)?.Name,
        a.Mode, a.Status, CampaignTime.Format(a.AwardedAt, campaign.Zone),
        a.ClaimDeadline is { } d ? CampaignTime.Format(d, campaign.Zone) : null, a.CodeShownAt is null ? null : a.VoucherCode);
}

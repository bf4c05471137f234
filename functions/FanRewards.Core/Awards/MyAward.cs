using FanRewards.Core.Campaigns;

namespace FanRewards.Core.Awards;

/// <summary>A prize as its winner sees it: its status and claim deadline, their own voucher code included, nobody else's.</summary>
public sealed record MyAward(string AwardId, string PrizeId, string? PrizeName, AwardedBy Mode, AwardStatus Status, string AwardedAt,
    string? ClaimDeadline, string? VoucherCode)
{
    public static MyAward From(Award a, Campaign campaign) => new(a.AwardId, a.PrizeId, campaign.Model.FindPrize(a.PrizeId)?.Name,
        a.Mode, a.Status, CampaignTime.Format(a.AwardedAt, campaign.Zone),
        a.ClaimDeadline is { } d ? CampaignTime.Format(d, campaign.Zone) : null, a.VoucherCode);
}

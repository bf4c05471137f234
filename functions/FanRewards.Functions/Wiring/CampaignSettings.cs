using FanRewards.Core.Campaigns;

namespace FanRewards.Functions.Wiring;

/// <summary>Settings of the campaigns feature, section "FanRewards" (AppSettingNames.PrizeValueCapYuan, CampaignCacheSeconds).</summary>
public sealed class CampaignSettings
{
    public const string Section = "FanRewards";

    /// <summary>No single prize may be worth more (the legal cap for a lottery-style promotion).</summary>
    public decimal PrizeValueCapYuan { get; set; } = CampaignLimits.DefaultPrizeValueCapYuan;

    /// <summary>How long an instance trusts its copy of a published campaign; 0 reads storage every time.</summary>
    public double CampaignCacheSeconds { get; set; } = 5;

    /// <summary>What publishing checks: the prize cap from here, and whether four eyes is the tenant's rule (<see cref="ApprovalSettings"/>).</summary>
    public PublishPolicy ToPublishPolicy(ApprovalSettings approvals) =>
        new() { PrizeValueCapYuan = PrizeValueCapYuan, AlwaysFourEyes = approvals.AlwaysFourEyes };

    public CampaignCacheOptions ToCacheOptions() => new() { TimeToLive = TimeSpan.FromSeconds(CampaignCacheSeconds) };
}

namespace FanRewards.Core.Campaigns;

/// <summary>How long this instance serves a campaign read for the public pages (<see cref="CachingCampaignStore"/>).</summary>
public sealed record CampaignCacheOptions
{
    public TimeSpan TimeToLive { get; init; } = TimeSpan.FromSeconds(5);
}

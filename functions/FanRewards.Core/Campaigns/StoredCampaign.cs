namespace FanRewards.Core.Campaigns;

/// <summary>A campaign with the ETag of the version read; an edit must present it back.</summary>
public sealed record StoredCampaign(Campaign Campaign, string ETag);

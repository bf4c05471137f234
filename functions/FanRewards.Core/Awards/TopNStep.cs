namespace FanRewards.Core.Awards;

/// <summary>A queue message: give the top-N prizes of one activity.</summary>
public sealed record TopNStep(string CampaignId, string ActivityId);

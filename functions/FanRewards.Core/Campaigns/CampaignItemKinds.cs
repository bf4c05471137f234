namespace FanRewards.Core.Campaigns;

/// <summary>Which of a campaign's item lists (stored apart from its definition) a save replaces.</summary>
[Flags]
public enum CampaignItemKinds { None = 0, Riddles = 1, Candidates = 2, Prizes = 4 }

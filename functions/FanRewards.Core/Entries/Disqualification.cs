namespace FanRewards.Core.Entries;

/// <summary>An entrant kept out of every later draw and prize of a campaign: why, by whom, when.</summary>
public sealed record Disqualification(string CampaignId, string EntrantId, string Pseudonym, string Reason, string By, DateTimeOffset At);

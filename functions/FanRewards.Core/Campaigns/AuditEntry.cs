namespace FanRewards.Core.Campaigns;

/// <summary>Who changed what, when. Written in the same storage operation as the change it describes.</summary>
public sealed record AuditEntry(string CampaignId, DateTimeOffset At, string Actor, string Action, string Summary);

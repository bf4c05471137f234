namespace FanRewards.Core.Campaigns;

/// <summary>
/// draft → published → open → closed → drawn → archived. Published, open and closed follow from the schedule once a
/// campaign is published; the others are set by commands.
/// </summary>
public enum CampaignStatus { Draft, Published, Open, Closed, Drawn, Archived }

/// <summary>What is stored; <see cref="CampaignStatus"/> is derived from it and the clock.</summary>
public enum CampaignLifecycle { Draft, Published, ClosedEarly, Drawn, Archived }

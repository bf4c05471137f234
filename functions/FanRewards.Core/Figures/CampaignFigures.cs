using FanRewards.Core.Campaigns;

namespace FanRewards.Core.Figures;

/// <summary>What the admin console shows of a campaign's figures: accepted entries per activity and hour, rejects per reason.</summary>
public sealed record CampaignFigures(string CampaignId, string TimeZone, string CountedAt, int DelaySeconds,
    IReadOnlyList<ActivityFigure> Activities, IReadOnlyList<HourFigure> Hours, IReadOnlyList<RejectFigure> Rejects);

public sealed record ActivityFigure(string ActivityId, ActivityKind Kind, long Accepted);

public sealed record HourFigure(string Hour, string ActivityId, long Accepted);

public sealed record RejectFigure(string Reason, long Count);

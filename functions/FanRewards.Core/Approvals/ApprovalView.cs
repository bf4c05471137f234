using FanRewards.Core.Admins;
using FanRewards.Core.Campaigns;

namespace FanRewards.Core.Approvals;

/// <summary>An approval as the admin API shows it, times in the campaign's zone like every admin time.</summary>
public sealed record ApprovalView(
    string Id, string CampaignId, string Action, string? DrawId, string Status, AdminRef RequestedBy, string RequestedAt,
    AdminRef? DecidedBy, string? DecidedAt)
{
    public static ApprovalView From(Approval a, TimeZoneInfo zone) => new(a.Id, a.CampaignId, a.Action, a.DrawId, a.Status, a.RequestedBy,
        CampaignTime.Format(a.RequestedAt, zone), a.DecidedBy, a.DecidedAt is { } at ? CampaignTime.Format(at, zone) : null);
}

/// <summary>An approved request: the approval, and the body the direct action answers (the campaign, or the draw's status).</summary>
public sealed record ApprovalOutcome(ApprovalView Approval, object Result);

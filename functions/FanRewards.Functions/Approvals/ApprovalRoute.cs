using FanRewards.Core;

namespace FanRewards.Functions.Approvals;

/// <summary>The ids an approval's route carries, each checked once here (a bad one is a 400 before anything is read).</summary>
public sealed record ApprovalRoute(string CampaignId, string ApprovalId)
{
    public static ApprovalRoute Of(string campaignId, string approvalId) =>
        new(Ids.Require(campaignId, nameof(campaignId)), Ids.Require(approvalId, nameof(approvalId)));
}

using System.Security.Cryptography;
using System.Text;
using FanRewards.Core.Admins;

namespace FanRewards.Core.Approvals;

/// <summary>
/// A request that a second person approve publishing a campaign or running a draw by hand (four eyes).
/// <see cref="CampaignETag"/> pins what the requester saw: approving publishes that version, never a later edit.
/// <see cref="ActionDone"/> is false between the ETag-guarded "approved" and the action's end, so the approver's retry
/// after a crash completes the action instead of losing it.
/// </summary>
public sealed record Approval(
    string Id, string CampaignId, string Action, string? DrawId, string Status, AdminRef RequestedBy, DateTimeOffset RequestedAt,
    AdminRef? DecidedBy, DateTimeOffset? DecidedAt, string? CampaignETag, bool ActionDone)
{
    /// <summary>
    /// The id of the <paramref name="generation"/>th request for one action on one version of a campaign: derived, so two
    /// identical requests insert the same row and the second conflicts (one pending approval per action and version).
    /// </summary>
    public static string IdFor(string campaignId, string action, string? drawId, string? campaignETag, int generation)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{campaignId}|{action}|{drawId}|{campaignETag}|{generation}"));
        return "apr-" + Convert.ToHexStringLower(hash)[..12];
    }
}

/// <summary>An approval as read, with the ETag its next state change is guarded by.</summary>
public sealed record StoredApproval(Approval Approval, string ETag);

/// <summary>The state of an approval on the wire.</summary>
public static class ApprovalStatus
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Cancelled = "cancelled";
}

/// <summary>What may wait for a second person, and the role that person must hold (the same the direct route asks).</summary>
public static class ApprovalActions
{
    public const string Publish = "publish";
    public const string RunDraw = "run-draw";

    public static string RoleOf(string action) => action == Publish ? AdminRoles.Publisher : AdminRoles.DrawOperator;
}

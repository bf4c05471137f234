namespace FanRewards.Core.Campaigns;

/// <summary>
/// The codes of audit entries: stable, kebab-case, what a page words in each language (its args fill the blanks).
/// A new code needs no client change: a page that does not know it shows the English summary.
/// </summary>
public static class AuditCodes
{
    public static readonly IReadOnlyDictionary<string, string> NoArgs = new Dictionary<string, string>();

    public const string CampaignCreated = "campaign-created";
    public const string CampaignUpdated = "campaign-updated";
    public const string RiddlesReplaced = "riddles-replaced";
    public const string CandidatesReplaced = "candidates-replaced";
    public const string PrizesReplaced = "prizes-replaced";
    public const string CampaignPublished = "campaign-published";
    public const string CampaignClosed = "campaign-closed";
    public const string CampaignArchived = "campaign-archived";
    public const string CampaignDrawn = "campaign-drawn";
    public const string DrawRunRequested = "draw-run-requested";
    public const string DrawSealed = "draw-sealed";
    public const string DrawDrawn = "draw-drawn";
    public const string WitnessRevealed = "witness-revealed";
    public const string WitnessExcused = "witness-excused";
    public const string PrizePassed = "prize-passed";
    public const string VouchersUploaded = "vouchers-uploaded";
    public const string PrizeJudged = "prize-judged";
    public const string EntrantDisqualified = "entrant-disqualified";
    public const string EntrantsDisqualified = "entrants-disqualified";
    public const string MessageApproved = "message-approved";
    public const string MessageRejected = "message-rejected";
    public const string ApprovalRequested = "approval-requested";
    public const string ApprovalApproved = "approval-approved";
    public const string ApprovalCancelled = "approval-cancelled";
    /// <summary>An approval its approver left approved but not done, carried out by another holder of the role.</summary>
    public const string ApprovalCompleted = "approval-completed";

    /// <summary>Entries written before codes carry their action only: the code it stands for, "legacy" when unknown.</summary>
    public static string ForLegacyAction(string action) => action switch
    {
        "create" => CampaignCreated,
        "update" => CampaignUpdated,
        "replace-riddles" => RiddlesReplaced,
        "replace-candidates" => CandidatesReplaced,
        "replace-prizes" => PrizesReplaced,
        "publish" => CampaignPublished,
        "close" => CampaignClosed,
        "archive" => CampaignArchived,
        "drawn" => CampaignDrawn,
        "run-draw" => DrawRunRequested,
        "seal" => DrawSealed,
        "draw" => DrawDrawn,
        "witness-revealed" => WitnessRevealed,
        "witness-excused" => WitnessExcused,
        "pass-prize" => PrizePassed,
        "upload-vouchers" => VouchersUploaded,
        "judge" => PrizeJudged,
        "disqualify" => EntrantDisqualified,
        "disqualify-bulk" => EntrantsDisqualified,
        "approve-message" => MessageApproved,
        "reject-message" => MessageRejected,
        _ => "legacy",
    };

    public static IReadOnlyDictionary<string, string> Args(params (string Name, object? Value)[] args) =>
        args.Where(a => a.Value is not null)
            .ToDictionary(a => a.Name, a => Convert.ToString(a.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "", StringComparer.Ordinal);
}

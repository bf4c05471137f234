namespace FanRewards.Core.Campaigns;

/// <summary>Who changed what, when. Written in the same storage operation as the change it describes.</summary>
/// <remarks>
/// <see cref="Summary"/> is an English sentence for logs and old pages; <see cref="Code"/> (one of <see cref="AuditCodes"/>)
/// and <see cref="Args"/> let a page word the entry in its own language, as validation errors do.
/// </remarks>
public sealed record AuditEntry(string CampaignId, DateTimeOffset At, string Actor, string Action, string Summary)
{
    /// <summary>Kebab-case, stable: what happened (<c>campaign-published</c>).</summary>
    public required string Code { get; init; }

    /// <summary>The values the wording needs (a draw id, a count), as strings.</summary>
    public IReadOnlyDictionary<string, string> Args { get; init; } = AuditCodes.NoArgs;
}

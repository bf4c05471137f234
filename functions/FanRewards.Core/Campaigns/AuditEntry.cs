using FanRewards.Core.Admins;

namespace FanRewards.Core.Campaigns;

/// <summary>
/// Who changed what, when. Written in the same storage operation as the change it describes. <see cref="Actor"/> is the
/// name shown; <see cref="ActorId"/> the signed-in person's object id, null for the app's own steps ("system",
/// "schedule") and for rows written before admins signed in as themselves.
/// </summary>
/// <remarks>
/// <see cref="Summary"/> is an English sentence for logs and old pages; <see cref="Code"/> (one of <see cref="AuditCodes"/>)
/// and <see cref="Args"/> let a page word the entry in its own language, as validation errors do.
/// </remarks>
public sealed record AuditEntry(string CampaignId, DateTimeOffset At, string Actor, string Action, string Summary)
{
    public string? ActorId { get; init; }

    /// <summary>Kebab-case, stable: what happened (<c>campaign-published</c>).</summary>
    public required string Code { get; init; }

    /// <summary>The values the wording needs (a draw id, a count), as strings.</summary>
    public IReadOnlyDictionary<string, string> Args { get; init; } = AuditCodes.NoArgs;

    /// <summary>An entry for a change a signed-in admin made: their id and display name, from the validated token.</summary>
    public AuditEntry(string campaignId, DateTimeOffset at, AdminPrincipal actor, string action, string summary)
        : this(campaignId, at, actor.Name, action, summary) => ActorId = actor.Id;
}

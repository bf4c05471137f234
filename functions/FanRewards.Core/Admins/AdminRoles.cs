namespace FanRewards.Core.Admins;

/// <summary>
/// The app role values an admin token carries in its "roles" claim (the API's app registration defines them). Each
/// grants only its part; <see cref="Auditor"/> reads everything, masked, and changes nothing.
/// </summary>
public static class AdminRoles
{
    public const string CampaignEditor = "campaign-editor";
    public const string Publisher = "publisher";
    public const string Moderator = "moderator";
    public const string DrawOperator = "draw-operator";
    public const string Fulfilment = "fulfilment";
    public const string Auditor = "auditor";

    public static readonly IReadOnlyList<string> All = [CampaignEditor, Publisher, Moderator, DrawOperator, Fulfilment, Auditor];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}

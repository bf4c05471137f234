namespace FanRewards.Core.Awards;

/// <summary>Contact details a winner gives to receive a physical prize: kept apart from entries and deleted after the retention period.</summary>
public sealed record ClaimContact(string CampaignId, string AwardId, string Pseudonym, string Name, string Phone, string Address,
    DateTimeOffset ClaimedAt, DateTimeOffset DeleteAfter)
{
    /// <summary>张* — the family name stays, the rest is hidden.</summary>
    public static string MaskName(string name) => name.Length <= 1 ? "*" : name[..1] + "*";

    /// <summary>138****1234.</summary>
    public static string MaskPhone(string phone) => phone.Length == 11 ? phone[..3] + "****" + phone[7..] : "****";
}

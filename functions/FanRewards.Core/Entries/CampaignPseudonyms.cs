using FanRewards.Core.Campaigns;

namespace FanRewards.Core.Entries;

/// <summary>
/// An entrant's salt and pseudonym in a campaign, under the campaign's secret key (<see cref="Campaign.PseudonymKey"/>).
/// A campaign published before Trust v2 has no key: no salt, and the unsalted rule it was published with.
/// Every caller that needs an entrant's pseudonym asks the campaign here, so none can fall back to the unsalted rule.
/// </summary>
public static class CampaignPseudonyms
{
    /// <summary>The entrant's salt (64 hex), shown only to them; null for a campaign without a key.</summary>
    public static string? SaltOf(this Campaign campaign, string entrantId) =>
        campaign.PseudonymKey is { } key ? Pseudonym.SaltOf(key.Bytes(), entrantId) : null;

    /// <summary>The entrant's pseudonym in the campaign: salted with the campaign's key, or the unsalted rule without one.</summary>
    public static string PseudonymOf(this Campaign campaign, string entrantId) =>
        Pseudonym.Of(campaign.Id, entrantId, campaign.SaltOf(entrantId));
}

using FanRewards.Core.Campaigns;

namespace FanRewards.Core.Awards;

/// <summary>
/// One award as the organiser's list shows it: its status and where it passed, times in the campaign's zone, a short
/// pseudonym, and the winner's contact masked (张*, 138****1234); the CSV export is the one place contacts are whole.
/// </summary>
public sealed record AwardListItem(
    string AwardId, string PrizeId, AwardedBy Mode, AwardStatus Status, string? DrawId, int? Rank, int? Unit, string Pseudonym, string EntrantId,
    string AwardedAt, string? ClaimDeadline, string? PassedFrom, string? PassedTo, MaskedContact? Contact)
{
    /// <summary>The display name of the draw that gave it; absent for other awards and for draws without one.</summary>
    public string? DrawName { get; init; }

    /// <summary>The item for an admin whose role does not work with entrant ids (the auditor): the id masked as the fraud review masks it.</summary>
    public AwardListItem WithEntrantMasked() => this with { EntrantId = EntrantIdMask.Of(EntrantId) };

    public static IReadOnlyList<AwardListItem> ListOf(Campaign campaign, IEnumerable<(Award Award, ClaimContact? Contact)> awards) =>
        awards.Select(a => From(a.Award, a.Contact, campaign)).ToList();

    public static AwardListItem From(Award a, ClaimContact? contact, Campaign campaign) =>
        new(a.AwardId, a.PrizeId, a.Mode, a.Status, a.DrawId, a.Rank, a.Unit, a.Pseudonym[..12], a.EntrantId,
            CampaignTime.Format(a.AwardedAt, campaign.Zone), a.ClaimDeadline is { } d ? CampaignTime.Format(d, campaign.Zone) : null,
            a.PassedFrom, a.PassedTo, contact is { } c ? MaskedContact.Of(c) : null)
        { DrawName = campaign.Model.DrawNameOf(a.DrawId) };
}

/// <summary>Enough of a contact to tell winners apart on screen, not enough to reach them.</summary>
public sealed record MaskedContact(string Name, string Phone)
{
    public static MaskedContact Of(ClaimContact contact) => new(ClaimContact.MaskName(contact.Name), ClaimContact.MaskPhone(contact.Phone));
}

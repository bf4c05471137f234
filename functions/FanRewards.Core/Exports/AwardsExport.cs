using CsvHelper;
using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;

namespace FanRewards.Core.Exports;

/// <summary>One award with the whole contact its winner gave: the one place contacts are not masked.</summary>
[CsvRecord]
public sealed partial record AwardRow(
    [property: CsvColumn("awardId")] string AwardId,
    [property: CsvColumn("prizeId")] string PrizeId,
    [property: CsvColumn("mode")] string Mode,
    [property: CsvColumn("status")] string Status,
    [property: CsvColumn("rank")] int? Rank,
    [property: CsvColumn("entrantId")] string EntrantId,
    [property: CsvColumn("name")] string? Name,
    [property: CsvColumn("phone")] string? Phone,
    [property: CsvColumn("address")] string? Address,
    [property: CsvColumn("claimDeadline")] string? ClaimDeadline,
    [property: CsvColumn("passedTo")] string? PassedTo)
{
    /// <summary>Times in the campaign's zone, as the organiser reads them everywhere else.</summary>
    public static AwardRow From(Award a, ClaimContact? contact, Campaign campaign) =>
        new(a.AwardId, a.PrizeId, Json.WireName.Of(a.Mode), Json.WireName.Of(a.Status), a.Rank, a.EntrantId, contact?.Name, contact?.Phone, contact?.Address,
            a.ClaimDeadline is { } d ? CampaignTime.Format(d, campaign.Zone) : null, a.PassedTo);
}

public static class AwardsExport
{
    /// <summary><c>{campaignId}-awards.csv</c>: every award of the campaign, for fulfilment.</summary>
    public static CsvExport For(Campaign campaign, IEnumerable<(Award Award, ClaimContact? Contact)> awards) =>
        CsvExport.Of($"{campaign.Id}-awards.csv", awards.Select(a => AwardRow.From(a.Award, a.Contact, campaign)));
}

using Azure.Data.Tables;
using FanRewards.Core.Awards;
using FanRewards.Core.Json;
using FanRewards.Core.Outbox;

namespace FanRewards.Storage;

/// <summary>An award's row and its outbox event's row, in the shapes the store and <see cref="TableOutbox"/> read.</summary>
public sealed partial class TableAwardStore
{
    /// <summary>
    /// The event's row for the outbox, in the format <see cref="TableOutbox"/> reads and publishes. An event without data
    /// of its own carries the award it announces (with the entrant id: the organiser's notification and fulfilment
    /// systems are who it is for).
    /// </summary>
    private static TableEntity OutboxRow(OutboxEvent e, Award award) => TableOutbox.ToEntity(e.DataJson is { Length: > 0 } ? e : e with
    {
        DataJson = System.Text.Json.JsonSerializer.Serialize(new
        {
            campaignId = award.CampaignId, awardId = award.AwardId, prizeId = award.PrizeId, activityId = award.ActivityId,
            pseudonym = award.Pseudonym, entrantId = award.EntrantId, mode = award.Mode, unit = award.Unit, rank = award.Rank,
            drawId = award.DrawId, status = award.Status, claimDeadline = award.ClaimDeadline, awardedAt = award.AwardedAt,
            passedFrom = award.PassedFrom,
        }, Core.Json.FanRewardsJson.Options),
    });

    /// <summary>An award's row key in the campaign's awards partition.</summary>
    private static string AwardKey(string awardId) => $"award:{awardId}";

    private static TableEntity ToEntity(Award a)
    {
        var entity = new TableEntity(a.CampaignId, AwardKey(a.AwardId))
        {
            ["AwardId"] = a.AwardId, ["PrizeId"] = a.PrizeId, ["ActivityId"] = a.ActivityId, ["Pseudonym"] = a.Pseudonym,
            ["EntrantId"] = a.EntrantId, ["Mode"] = WireName.Of(a.Mode), ["AwardedAt"] = a.AwardedAt,
        };
        if (a.Unit is { } unit) entity["Unit"] = unit;
        if (a.VoucherCode is not null) entity["VoucherCode"] = a.VoucherCode;
        entity["Status"] = WireName.Of(a.Status);
        if (a.ClaimDeadline is { } deadline) entity["ClaimDeadline"] = deadline;
        if (a.DrawId is not null) entity["DrawId"] = a.DrawId;
        if (a.Rank is { } rank) entity["Rank"] = rank;
        if (a.PassedFrom is not null) entity["PassedFrom"] = a.PassedFrom;
        if (a.PassedTo is not null) entity["PassedTo"] = a.PassedTo;
        if (a.PassPending) entity["PassPending"] = true;
        if (a.ClaimedAt is { } claimed) entity["ClaimedAt"] = claimed;
        if (a.CodeShownAt is { } shown) entity["CodeShownAt"] = shown;
        return entity;
    }

    private static Award ToAward(TableEntity e) => new()
    {
        CampaignId = e.PartitionKey, AwardId = e.GetString("AwardId"), PrizeId = e.GetString("PrizeId"), ActivityId = e.GetString("ActivityId"),
        Pseudonym = e.GetString("Pseudonym"), EntrantId = e.GetString("EntrantId"), Mode = WireName.Parse<AwardedBy>(e.GetString("Mode")),
        AwardedAt = e.GetDateTimeOffset("AwardedAt")!.Value, Unit = e.GetInt32("Unit"), VoucherCode = e.GetString("VoucherCode"),
        Status = e.GetString("Status") is { } status ? WireName.Parse<AwardStatus>(status) : AwardStatus.Awarded, ClaimDeadline = e.GetDateTimeOffset("ClaimDeadline"), DrawId = e.GetString("DrawId"),
        Rank = e.GetInt32("Rank"), PassedFrom = e.GetString("PassedFrom"), PassedTo = e.GetString("PassedTo"), ClaimedAt = e.GetDateTimeOffset("ClaimedAt"),
        CodeShownAt = e.GetDateTimeOffset("CodeShownAt"), PassPending = e.GetBoolean("PassPending") ?? false,
        ETag = e.ETag.ToString(),
    };
}

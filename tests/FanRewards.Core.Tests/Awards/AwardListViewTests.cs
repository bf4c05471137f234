using System.Text.Json;
using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Json;

namespace FanRewards.Core.Tests.Awards;

/// <summary>The organiser's list of awards, built in Core: the same JSON the trigger used to build, contacts masked.</summary>
public class AwardListViewTests
{
    [Fact]
    public void The_list_is_the_same_json_as_before_with_the_contact_masked()
    {
        var campaign = TestCampaign.Lantern().Published().Build();
        var at = new DateTimeOffset(2027, 2, 24, 12, 0, 0, TimeSpan.Zero);
        var claimed = new Award
        {
            CampaignId = campaign.Id, AwardId = "draw-pass-1", PrizeId = "pass", ActivityId = "riddles", Pseudonym = new string('c', 64),
            EntrantId = "wx_zhang", Mode = AwardedBy.Draw, AwardedAt = at, Status = AwardStatus.Claimed, DrawId = "main", Rank = 1,
            ClaimDeadline = at.AddDays(7), PassedFrom = "draw-pass-0",
        };
        var unclaimed = claimed with { AwardId = "firstCome-ticket-3", Mode = AwardedBy.FirstCome, Rank = null, DrawId = null, Unit = 3, ClaimDeadline = null };
        var contact = new ClaimContact(campaign.Id, claimed.AwardId, claimed.Pseudonym, "张三丰", "13800138000", "陕西省西安市雁塔区某路1号", at, at);
        (Award Award, ClaimContact? Contact)[] listed = [(claimed, contact), (unclaimed, null)];

        var json = JsonSerializer.Serialize(AwardListItem.ListOf(campaign, listed), FanRewardsJson.Options);

        // The anonymous object the ListAwards trigger serialised before the view moved to Core.
        var before = JsonSerializer.Serialize(listed.Select(pair => new
        {
            pair.Award.AwardId, pair.Award.PrizeId, pair.Award.Mode, pair.Award.Status, pair.Award.DrawId, pair.Award.Rank, pair.Award.Unit,
            pseudonym = pair.Award.Pseudonym[..12], pair.Award.EntrantId,
            awardedAt = CampaignTime.Format(pair.Award.AwardedAt, campaign.Zone),
            claimDeadline = pair.Award.ClaimDeadline is { } d ? CampaignTime.Format(d, campaign.Zone) : null,
            pair.Award.PassedFrom, pair.Award.PassedTo,
            contact = pair.Contact is { } c ? new { name = ClaimContact.MaskName(c.Name), phone = ClaimContact.MaskPhone(c.Phone) } : null,
        }).ToList(), FanRewardsJson.Options);
        Assert.Equal(before, json);
        Assert.Contains("\"contact\":{\"name\":\"张*\",\"phone\":\"138****8000\"}", json);
        Assert.DoesNotContain("13800138000", json);
        Assert.DoesNotContain("雁塔", json);
    }
}

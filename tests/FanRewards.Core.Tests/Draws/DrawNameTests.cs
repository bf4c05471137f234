using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Draws;

namespace FanRewards.Core.Tests.Draws;

/// <summary>A draw's display name: at most 40 characters, and carried by every view that carries the draw's id.</summary>
public class DrawNameTests
{
    private const string Name = "元宵节灯谜抽奖";

    private static TestCampaign Named(string? name) =>
        TestCampaign.Lantern().WithSchedule(s => s with { Draws = [.. (s.Draws ?? []).Select(d => d with { Name = name })] });

    private static IReadOnlyDictionary<string, string[]> Draft(TestCampaign campaign)
    {
        var errors = new ValidationErrors();
        CampaignValidator.CheckDraft(campaign.BuildDefinition(), errors);
        return errors.ToDictionary();
    }

    [Fact]
    public void A_name_of_up_to_40_characters_is_accepted_and_a_longer_one_is_a_field_error()
    {
        Assert.Empty(Draft(Named(new string('灯', 40))));
        Assert.Equal(["schedule.draws[0].name"], Draft(Named(new string('灯', 41))).Keys);
    }

    [Fact]
    public void The_model_keeps_the_name_trimmed_and_a_blank_one_as_none()
    {
        Assert.Equal(Name, Named($" {Name} ").Build().Model.DrawNameOf("lantern-draw"));
        Assert.Null(Named("  ").Build().Model.DrawNameOf("lantern-draw"));
        Assert.Null(Named(null).Build().Model.DrawNameOf("lantern-draw"));
        Assert.Null(Named(Name).Build().Model.DrawNameOf(null));
    }

    [Fact]
    public void The_public_campaign_and_the_admin_draw_status_carry_the_name()
    {
        var campaign = Named(Name).Build();
        Assert.Equal(Name, PublicCampaignView.From(campaign, LanternFestival.DrawAt).Schedule.Draws.Single().Name);

        var record = new DrawRecord
        {
            CampaignId = campaign.Id, DrawId = "lantern-draw", At = LanternFestival.DrawAt, State = DrawState.Scheduled, Seed = new byte[32],
            Commitment = new string('0', 64), Shards = 16,
        };
        Assert.Equal(Name, DrawStatus.Of(campaign, record, []).DrawName);
        Assert.Null(DrawStatus.Of(Named(null).Build(), record, []).DrawName);
    }

    [Fact]
    public void An_award_of_the_draw_carries_its_name_and_another_award_none()
    {
        var campaign = Named(Name).Build();
        var award = new Award
        {
            CampaignId = campaign.Id, AwardId = "draw-lantern-draw-000001", PrizeId = "travel-pass", ActivityId = "riddles",
            Pseudonym = new string('a', 64), EntrantId = "worker-001", Mode = AwardedBy.Draw, AwardedAt = LanternFestival.DrawAt,
            DrawId = "lantern-draw", Rank = 1,
        };
        Assert.Equal(Name, AwardListItem.From(award, null, campaign).DrawName);
        Assert.Null(AwardListItem.From(award with { DrawId = null, Mode = AwardedBy.FirstCome }, null, campaign).DrawName);
    }
}

using FanRewards.Core.Campaigns;
using FanRewards.Core.Campaigns.Model;

namespace FanRewards.Core.Tests.Campaigns.Model;

/// <summary>
/// <see cref="Campaign"/> is a record changed with `with`: its model must always be the model of its own parts, never
/// one built for the campaign it was copied from.
/// </summary>
public class CampaignModelFreshnessTests
{
    private static readonly Campaign Original = TestCampaign.Lantern().Published().Build();

    private static RiddleActivity Riddles(Campaign campaign) => campaign.Model.Activities.OfType<RiddleActivity>().Single();

    [Fact]
    public void A_copy_with_another_definition_has_the_model_of_that_definition()
    {
        Assert.Equal(3, Riddles(Original).AttemptLimit); // built before the copy

        var edited = Original with { Definition = TestCampaign.Lantern().ChangeActivity("riddles", a => a with { AttemptLimit = 5 }).BuildDefinition() };

        Assert.Equal(5, Riddles(edited).AttemptLimit);
        Assert.Equal(3, Riddles(Original).AttemptLimit);
    }

    [Fact]
    public void A_copy_with_other_items_has_them_in_its_model()
    {
        _ = Original.Model;

        var moreRiddles = Original with
        {
            Riddles = [.. Original.Riddles, new RiddleDefinition { Id = "r2", ActivityId = "riddles", Question = "中字头上一座山", Answers = ["华"] }],
        };
        var noPrizes = Original with { Prizes = [] };
        var withCandidates = Original with { Candidates = [new CandidateDefinition { Id = "c1", ActivityId = "riddles", Name = "张师傅" }] };

        Assert.Equal(["r1", "r2"], Riddles(moreRiddles).Riddles.Select(r => r.Id));
        Assert.Empty(noPrizes.Model.Prizes);
        Assert.Equal(["c1"], withCandidates.Model.Candidates.Select(c => c.Id));
        Assert.Equal(["r1"], Riddles(Original).Riddles.Select(r => r.Id));
        Assert.Equal(2, Original.Model.Prizes.Count);
    }

    [Fact]
    public void A_copy_that_changes_only_the_lifecycle_shares_the_model_it_already_has()
    {
        var closed = Original with { Lifecycle = CampaignLifecycle.ClosedEarly, ClosedAt = LanternFestival.Opens.AddDays(1) };

        Assert.Same(Original.Model, closed.Model);
        Assert.Equal(LanternFestival.Opens.AddDays(1), closed.ClosesAt); // the lifecycle still moves the close
    }

    [Fact]
    public void Whether_a_model_is_built_yet_makes_no_difference_to_equality()
    {
        var campaign = TestCampaign.Lantern().Published().Build();
        var copy = campaign with { Definition = campaign.Definition }; // the same parts, its model not built
        _ = campaign.Model;

        Assert.Equal(campaign, copy);
        Assert.Equal(campaign.GetHashCode(), copy.GetHashCode());
    }
}

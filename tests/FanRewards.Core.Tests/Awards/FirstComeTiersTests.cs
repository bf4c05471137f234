using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Entries;
using FanRewards.Core.Outbox;
using Moq;

namespace FanRewards.Core.Tests.Awards;

/// <summary>First come over several prize tiers: the next tier only once a tier is gone, and no tier at all for a past winner.</summary>
public sealed class FirstComeTiersTests
{
    // Museum tickets (30) first, then travel passes, within an overall count of 35: the second tier holds 5.
    private static readonly Campaign TwoTiers = TestCampaign.Lantern()
        .ChangeActivity("museum-day", a => a with { Award = TestCampaign.FirstCome(35, "museum-ticket", "travel-pass") })
        .Published().Build();

    private static readonly EntryRecord Entry = new()
    {
        CampaignId = "lantern-2027", Bucket = 0, RowKey = "museum-day:fan", ActivityId = "museum-day", Kind = ActivityKind.Signup, EntrantId = "fan",
        Pseudonym = new string('a', 64), AcceptedAt = LanternFestival.Opens,
    };

    private readonly Mock<IAwardStore> _store = new(MockBehavior.Strict);

    [Fact]
    public async Task A_sold_out_tier_passes_the_entrant_on_to_the_next_with_what_is_left_of_the_overall_count()
    {
        var pass = new Award
        {
            CampaignId = "lantern-2027", AwardId = "firstCome-travel-pass-0000001", PrizeId = "travel-pass", ActivityId = "museum-day",
            Pseudonym = Entry.Pseudonym, EntrantId = "fan", Mode = AwardedBy.FirstCome, AwardedAt = LanternFestival.Opens, Unit = 1,
        };
        _store.Setup(s => s.TryAwardFromStockAsync(It.Is<Award>(a => a.PrizeId == "museum-ticket"), 30, true, It.IsAny<OutboxEvent>(), default))
            .ReturnsAsync(StockOutcome.SoldOut);
        _store.Setup(s => s.TryAwardFromStockAsync(It.Is<Award>(a => a.PrizeId == "travel-pass"), 5, true, It.IsAny<OutboxEvent>(), default))
            .ReturnsAsync(new StockOutcome(pass));

        var won = await Service().TryFirstComeAsync(TwoTiers, TwoTiers.Model.Activities[1], Entry, default);

        Assert.Equal(pass, won);
    }

    [Fact]
    public async Task A_past_winner_is_not_offered_the_next_tier()
    {
        _store.Setup(s => s.TryAwardFromStockAsync(It.Is<Award>(a => a.PrizeId == "museum-ticket"), 30, true, It.IsAny<OutboxEvent>(), default))
            .ReturnsAsync(StockOutcome.Winner);

        var won = await Service().TryFirstComeAsync(TwoTiers, TwoTiers.Model.Activities[1], Entry, default);

        Assert.Null(won);
        // The strict mock throws on any other call: the travel passes were never tried.
        _store.Verify(s => s.TryAwardFromStockAsync(It.IsAny<Award>(), It.IsAny<int>(), It.IsAny<bool>(), It.IsAny<OutboxEvent>(), default), Times.Once);
    }

    private AwardService Service() => TestServices.SpotPrizes(_store.Object, TimeProvider.System);
}

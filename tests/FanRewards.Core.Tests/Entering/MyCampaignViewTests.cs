using System.Text.Encodings.Web;
using System.Text.Json;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Entering;
using FanRewards.Core.Entries;
using FanRewards.Core.Json;
using Moq;
using static FanRewards.Core.Tests.Support.TestStores;
using static FanRewards.Testing.TestCampaign;

namespace FanRewards.Core.Tests.Entering;

public class MyCampaignViewTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly ManualClock _clock = new(new DateTimeOffset(2027, 2, 14, 2, 0, 0, TimeSpan.Zero)); // 10:00 on the 14th locally
    private readonly InMemoryEntries _entries = new();
    private readonly Mock<ISeatStore> _seats = new(MockBehavior.Strict);
    private readonly Entrant _zhang = new("wx_Zhang.01@union", false);
    private readonly Entrant _li = new("wx_li", false);
    private Campaign _campaign = EveryKind().Build();

    private EntryService Service()
    {
        var campaigns = StoreWith(_campaign).Object;
        var catalog = new PublicCampaignCatalog(new CachingCampaignStore(campaigns, _clock, new CampaignCacheOptions()), _clock);
        return new(catalog, _entries.Mock.Object, _seats.Object, _clock, new EntryPolicy(), TestServices.NoSpotPrizes(_clock),
            TestServices.UnflushedFigures(catalog, campaigns, _clock), TestServices.UnflushedWatch());
    }

    private static MyActivityView Of(MyCampaignView view, string activityId) => view.Activities.Single(a => a.ActivityId == activityId);

    [Fact]
    public async Task Before_taking_part_every_activity_is_not_entered_and_draws_are_not_eligible()
    {
        var view = await Service().GetMineAsync(CampaignId, _zhang, Ct);

        Assert.Equal(CampaignId, view.CampaignId);
        Assert.Equal("open", view.Status);
        Assert.Equal(_campaign.PseudonymOf(_zhang.Id), view.Pseudonym);
        Assert.Equal(["riddles", "likes", "messages", "museum-day", "steps"], view.Activities.Select(a => a.ActivityId));
        Assert.All(view.Activities, a => Assert.False(a.Entered));
        var riddles = Of(view, "riddles");
        Assert.Equal([new MyRiddle("r1", 0, false, 3), new MyRiddle("r2", 0, false, 3), new MyRiddle("r3", 0, false, 3)], riddles.Riddles);
        Assert.Equal(new MyDrawChance(false, 0, "Take part to enter the draw."), riddles.Draw);
        Assert.Null(Of(view, "likes").Draw); // top-N, not a draw
    }

    [Fact]
    public async Task Riddle_attempts_and_correctness_show_and_below_min_correct_is_not_eligible()
    {
        var service = Service();
        await service.AnswerRiddleAsync(CampaignId, "r1", _zhang, "吉", Ct);
        await service.AnswerRiddleAsync(CampaignId, "r1", _zhang, "告", Ct);
        await service.AnswerRiddleAsync(CampaignId, "r3", _zhang, "wrong", Ct);

        var riddles = Of(await service.GetMineAsync(CampaignId, _zhang, Ct), "riddles");

        Assert.True(riddles.Entered);
        Assert.Equal([new MyRiddle("r1", 2, true, 0), new MyRiddle("r2", 0, false, 3), new MyRiddle("r3", 1, false, 2)], riddles.Riddles);
        Assert.Equal(1, riddles.Total);
        Assert.False(riddles.Draw!.Eligible);
        Assert.Equal(0, riddles.Draw.Tickets);
        Assert.Contains("1 more", riddles.Draw.Note);
    }

    [Fact]
    public async Task Reaching_min_correct_makes_the_entrant_eligible_with_a_ticket_per_riddle_right()
    {
        var service = Service();
        await service.AnswerRiddleAsync(CampaignId, "r1", _zhang, "告", Ct);
        await service.AnswerRiddleAsync(CampaignId, "r2", _zhang, "華", Ct);
        Assert.Equal(new MyDrawChance(true, 2, null), Of(await service.GetMineAsync(CampaignId, _zhang, Ct), "riddles").Draw);

        await service.AnswerRiddleAsync(CampaignId, "r3", _zhang, SecretAsciiAnswer.ToUpperInvariant(), Ct);
        Assert.Equal(new MyDrawChance(true, 3, null), Of(await service.GetMineAsync(CampaignId, _zhang, Ct), "riddles").Draw);
    }

    [Fact]
    public async Task With_equal_weighting_an_eligible_entrant_holds_one_ticket()
    {
        _campaign = EveryKind().ChangeActivity("riddles", a => a with { Award = ByDraw("equal") }).Build();
        var service = Service();
        foreach (var (riddle, answer) in new[] { ("r1", "告"), ("r2", "华"), ("r3", SecretAsciiAnswer) })
            await service.AnswerRiddleAsync(CampaignId, riddle, _zhang, answer, Ct);

        Assert.Equal(new MyDrawChance(true, 1, null), Of(await service.GetMineAsync(CampaignId, _zhang, Ct), "riddles").Draw);
    }

    [Fact]
    public async Task The_view_shows_likes_message_status_signup_seat_and_checkin_total()
    {
        _seats.Setup(s => s.TryClaimAsync(CampaignId, "museum-day", 2, _zhang.Id, It.IsAny<CancellationToken>())).ReturnsAsync(2);
        var service = Service();
        await service.LikeAsync(CampaignId, "c1", _zhang, Ct);
        await service.LikeAsync(CampaignId, "c2", _zhang, Ct);
        await service.LeaveMessageAsync(CampaignId, "messages", _zhang, "节日快乐", Ct);
        await service.SignUpAsync(CampaignId, "museum-day", _zhang, new Dictionary<string, string> { ["size"] = "l" }, Ct);
        await service.CheckInAsync(CampaignId, "steps", _zhang, 20_000, Ct);
        _clock.Advance(TimeSpan.FromDays(1));
        await service.LikeAsync(CampaignId, "c1", _zhang, Ct);
        await service.CheckInAsync(CampaignId, "steps", _zhang, 5_000, Ct);
        await service.LikeAsync(CampaignId, "c1", _li, Ct); // someone else's entries never show

        var view = await service.GetMineAsync(CampaignId, _zhang, Ct);

        var likes = Of(view, "likes");
        Assert.True(likes.Entered);
        Assert.Equal([("c1", "2027-02-14"), ("c1", "2027-02-15"), ("c2", "2027-02-14")],
            likes.Likes!.Select(l => (l.CandidateId, l.Day!)).Order());
        Assert.All(likes.Likes!, l => Assert.EndsWith("+08:00", l.At));

        var message = Of(view, "messages");
        Assert.Equal(new MyMessage("节日快乐", EntryStatus.Pending, "2027-02-14T10:00:00+08:00"), message.Message);
        // A pending message is in the draw, as the draw reads it, unless rejected before the cutoff.
        Assert.Equal(new MyDrawChance(true, 1, "Your entry counts while it awaits moderation, unless it is rejected before the draw's cutoff."), message.Draw);

        var signup = Of(view, "museum-day").Signup!;
        Assert.Equal((EntryStatus.Confirmed, (int?)2, "l"), (signup.Status, signup.Seat, signup.Fields!["size"]));

        var steps = Of(view, "steps");
        Assert.Equal(17_000, steps.Total);
        Assert.Equal([new MyCheckin("2027-02-14", 12_000), new MyCheckin("2027-02-15", 5_000)], steps.Checkins!.OrderBy(c => c.Day));
    }

    [Fact]
    public async Task An_approved_message_in_a_draw_activity_is_eligible_and_a_rejected_one_is_not()
    {
        var service = Service();
        await service.LeaveMessageAsync(CampaignId, "messages", _zhang, "节日快乐", Ct);
        var key = (Pseudonym.BucketOf(_campaign.PseudonymOf(_zhang.Id), 16), "messages:" + _campaign.PseudonymOf(_zhang.Id));

        _entries.Rows[key] = _entries.Rows[key] with { Status = EntryStatus.Approved };
        Assert.Equal(new MyDrawChance(true, 1, null), Of(await service.GetMineAsync(CampaignId, _zhang, Ct), "messages").Draw);

        _entries.Rows[key] = _entries.Rows[key] with { Status = EntryStatus.Rejected };
        Assert.False(Of(await service.GetMineAsync(CampaignId, _zhang, Ct), "messages").Draw!.Eligible);
    }

    [Fact]
    public async Task The_view_is_available_after_the_campaign_closes()
    {
        await Service().LikeAsync(CampaignId, "c1", _zhang, Ct);
        _clock.Now = LanternFestival.Closes.AddDays(1);

        var view = await Service().GetMineAsync(CampaignId, _zhang, Ct);

        Assert.Equal("closed", view.Status);
        Assert.True(Of(view, "likes").Entered);
    }

    [Fact]
    public async Task The_view_of_a_draft_is_404()
    {
        _campaign = EveryKind().Build() with { Lifecycle = CampaignLifecycle.Draft };
        Assert.Equal(404, (await ProblemFrom(() => Service().GetMineAsync(CampaignId, _zhang, Ct))).Status);
    }

    [Fact]
    public async Task The_view_never_contains_a_riddle_answer()
    {
        var service = Service();
        await service.AnswerRiddleAsync(CampaignId, "r1", _zhang, "告", Ct);
        await service.AnswerRiddleAsync(CampaignId, "r2", _zhang, "华", Ct);
        await service.AnswerRiddleAsync(CampaignId, "r3", _zhang, "nope", Ct);

        var view = await service.GetMineAsync(CampaignId, _zhang, Ct);

        foreach (var options in new[] { FanRewardsJson.Options, new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping } })
        {
            var json = JsonSerializer.Serialize(view, options);
            Assert.Contains("\"r1\"", json); // the riddles are there...
            foreach (var secret in new[] { "告", "华", "華", SecretAsciiAnswer, "zhuque", "answers" })
                Assert.DoesNotContain(secret, json, StringComparison.OrdinalIgnoreCase); // ...their answers are not
        }
    }
}

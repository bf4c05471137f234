using FanRewards.Core.Campaigns;
using FanRewards.Core.Campaigns.Model;

namespace FanRewards.Core.Tests.Campaigns.Model;

/// <summary>The one place the wire form is read: defaults applied there, every kind and mode typed, nothing invented.</summary>
public class CampaignModelTests
{
    private static CampaignModel Model(CampaignDefinition definition, IReadOnlyList<RiddleDefinition>? riddles = null,
        IReadOnlyList<CandidateDefinition>? candidates = null, IReadOnlyList<PrizeDefinition>? prizes = null) =>
        CampaignModel.From(definition, riddles ?? [], candidates ?? [], prizes ?? []);

    [Fact]
    public void Defaults_are_applied_when_the_model_is_built()
    {
        var model = Model(new CampaignDefinition
        {
            Id = "bare",
            Activities =
            [
                new ActivityDefinition { Id = "riddles", Kind = ActivityKind.Riddle, Award = new AwardDefinition { Mode = AwardMode.Draw } },
                new ActivityDefinition { Id = "likes", Kind = ActivityKind.Like },
                new ActivityDefinition { Id = "messages", Kind = ActivityKind.Message },
                new ActivityDefinition { Id = "museum-day", Kind = ActivityKind.Signup },
                new ActivityDefinition { Id = "steps", Kind = ActivityKind.Checkin },
            ],
            Schedule = new ScheduleDefinition { Draws = [new DrawDefinition { Id = "evening", At = "2027-02-20T20:00:00" }] },
        });

        Assert.Equal(("Asia/Shanghai", 90, false, false), (model.Zone.Id, model.ContactRetentionDays, model.MembersOnly, model.AllowMultipleWins));
        var riddles = Assert.IsType<RiddleActivity>(model.Activities[0]);
        Assert.Equal((3, 1), (riddles.AttemptLimit, riddles.MinCorrect));
        Assert.Equal(Weighting.Equal, Assert.IsType<DrawAward>(riddles.Award).Weighting);
        Assert.Equal(LikesPer.Day, Assert.IsType<LikeActivity>(model.Activities[1]).LikesPer);
        var messages = Assert.IsType<TextActivity>(model.Activities[2]);
        Assert.Equal((ActivityKind.Message, 1, 500, false), (messages.Kind, messages.MinLength, messages.MaxLength, messages.Moderated));
        var draw = Assert.Single(model.Schedule.Draws);
        Assert.Equal((0, (IReadOnlyList<string>?)null), (draw.Alternates, draw.ActivityIds));
        Assert.Equal(["riddles"], draw.Activities.Select(a => a.Id)); // every activity that awards by draw
        Assert.Equal(new DateTimeOffset(2027, 2, 20, 12, 0, 0, TimeSpan.Zero), draw.At);
    }

    [Fact]
    public void Settings_as_written_are_kept_each_on_its_kind()
    {
        var campaign = TestCampaign.EveryKind().Build();
        var model = campaign.Model;

        var riddles = Assert.IsType<RiddleActivity>(model.FindActivity("riddles"));
        Assert.Equal((3, 2, Weighting.CorrectAnswers), (riddles.AttemptLimit, riddles.MinCorrect, Assert.IsType<DrawAward>(riddles.Award).Weighting));
        Assert.Equal(["r1", "r2", "r3"], riddles.Riddles.Select(r => r.Id));
        Assert.Equal(["华", "華"], riddles.Riddles[1].Answers);
        var likes = Assert.IsType<LikeActivity>(model.FindActivity("likes"));
        Assert.Equal(["张师傅", "李师傅"], likes.Candidates.Select(c => c.Name));
        var top = Assert.IsType<TopNAward>(likes.Award);
        Assert.Equal(1, top.Count);
        Assert.Equal(["travel-pass"], top.PrizeIds);
        var messages = Assert.IsType<TextActivity>(model.FindActivity("messages"));
        Assert.Equal((10, true), (messages.MaxLength, messages.Moderated));
        var signup = Assert.IsType<SignupActivity>(model.FindActivity("museum-day"));
        Assert.Equal(2, signup.Seats);
        Assert.Equal([("size", true, 3), ("note", false, 0)], signup.Fields.Select(f => (f.Id, f.Required, f.Options?.Count ?? 0)));
        var firstCome = Assert.IsType<FirstComeAward>(signup.Award);
        Assert.Equal(2, firstCome.Count);
        Assert.Equal(["museum-ticket"], firstCome.PrizeIds);
        var steps = Assert.IsType<CheckinActivity>(model.FindActivity("steps"));
        Assert.Equal((12_000L, "步"), (steps.DailyCap, steps.Unit));
        Assert.Equal(10, Assert.IsType<TopNAward>(steps.Award).Count);
    }

    [Fact]
    public void Every_award_mode_has_its_rule()
    {
        AwardRule? Rule(AwardDefinition award) =>
            Model(new CampaignDefinition { Id = "c", Activities = [new ActivityDefinition { Id = "a", Kind = ActivityKind.Checkin, Award = award }] })
                .Activities[0].Award;

        Assert.Equal(Weighting.Equal, Assert.IsType<DrawAward>(Rule(new AwardDefinition { Mode = AwardMode.Draw })).Weighting);
        Assert.Equal(Weighting.CorrectAnswers,
            Assert.IsType<DrawAward>(Rule(new AwardDefinition { Mode = AwardMode.Draw, Weighting = "correctAnswers" })).Weighting);
        var instant = Assert.IsType<InstantAward>(Rule(new AwardDefinition { Mode = AwardMode.Instant, WinProbability = 0.25, PrizeIds = ["p"] }));
        Assert.Equal((0.25, int.MaxValue, AwardMode.Instant), (instant.WinProbability, instant.Count, instant.Mode)); // no cap but stock
        Assert.Equal(5, Assert.IsType<InstantAward>(Rule(new AwardDefinition { Mode = AwardMode.Instant, WinProbability = 1, Count = 5 })).Count);
        var first = Assert.IsType<FirstComeAward>(Rule(new AwardDefinition { Mode = AwardMode.FirstCome, Count = 7 }));
        Assert.Equal((7, AwardMode.FirstCome), (first.Count, first.Mode));
        Assert.Equal(3, Assert.IsType<TopNAward>(Rule(new AwardDefinition { Mode = AwardMode.TopN, Count = 3 })).Count);
        Assert.Equal(["card"], Assert.IsType<JudgedAward>(Rule(new AwardDefinition { Mode = AwardMode.Judged, Count = 1, PrizeIds = ["card"] })).PrizeIds);
        Assert.Equal(ActivityKind.Reflection,
            Model(new CampaignDefinition { Id = "c", Activities = [new ActivityDefinition { Id = "r", Kind = ActivityKind.Reflection }] }).Activities[0].Kind);
    }

    [Fact]
    public void A_draft_has_what_it_has_and_nothing_is_invented()
    {
        var model = Model(new CampaignDefinition
        {
            Id = "draft",
            Activities =
            [
                new ActivityDefinition { Id = "undecided", Kind = ActivityKind.Message },
                new ActivityDefinition { Id = "counting", Kind = ActivityKind.Signup, Award = new AwardDefinition { Mode = AwardMode.FirstCome } },
            ],
            Schedule = new ScheduleDefinition { Draws = [new DrawDefinition { Id = "later" }] },
        });

        Assert.Null(model.Activities[0].Award);
        var counting = Assert.IsType<FirstComeAward>(model.Activities[1].Award);
        Assert.Equal(0, counting.Count); // nobody wins yet
        Assert.Empty(counting.PrizeIds);
        Assert.Equal((null, null, null), (model.Schedule.OpensAt, model.Schedule.ClosesAt, model.Schedule.ClaimDeadline));
        Assert.Empty(model.Prizes);
        var draw = Assert.Single(model.Schedule.Draws);
        Assert.Null(draw.At);
        Assert.Contains("only a published campaign's draws run", Assert.Throws<InvalidOperationException>(() => draw.Time).Message);
    }

    [Fact]
    public void The_schedule_is_read_as_instants_in_the_campaign_zone()
    {
        var shanghai = Model(TestCampaign.Lantern().BuildDefinition()).Schedule;
        Assert.Equal((LanternFestival.Opens, LanternFestival.Closes), (shanghai.OpensAt, shanghai.ClosesAt));
        Assert.Equal(new DateTimeOffset(2027, 3, 20, 10, 0, 0, TimeSpan.Zero), shanghai.ClaimDeadline);

        var newYork = Model(TestCampaign.Lantern().InZone("America/New_York").BuildDefinition());
        Assert.Equal("America/New_York", newYork.Zone.Id);
        Assert.Equal(new DateTimeOffset(2027, 2, 12, 13, 0, 0, TimeSpan.Zero), newYork.Schedule.OpensAt); // 08:00 EST

        var explicitOffset = Model(TestCampaign.Lantern().WithSchedule(s => s with { OpensAt = "2027-02-12T00:00:00Z" }).BuildDefinition()).Schedule;
        Assert.Equal(new DateTimeOffset(2027, 2, 12, 0, 0, 0, TimeSpan.Zero), explicitOffset.OpensAt);
    }

    [Fact]
    public void Draws_run_in_time_order_and_count_the_draw_activities_they_name()
    {
        var model = Model(TestCampaign.EveryKind().WithSchedule(s => s with
        {
            Draws =
            [
                new DrawDefinition { Id = "grand", At = "2027-02-20T20:00:00", PrizeIds = ["travel-pass"] },
                new DrawDefinition { Id = "daily", At = "2027-02-13T20:00:00", ActivityIds = ["messages"], PrizeIds = ["museum-ticket"], Alternates = 2 },
            ],
        }).BuildDefinition());

        Assert.Equal(["grand", "daily"], model.Schedule.Draws.Select(d => d.Id)); // as written
        Assert.Equal(["daily", "grand"], model.Schedule.DrawsInOrder.Select(d => d.Id));
        Assert.Equal(["riddles", "messages"], model.Schedule.Draws[0].Activities.Select(a => a.Id)); // not the top-N or first-come ones
        Assert.Equal(["messages"], model.Schedule.Draws[1].Activities.Select(a => a.Id));
        Assert.Equal(2, model.Schedule.Draws[1].Alternates);
        Assert.Equal(["museum-ticket"], model.Schedule.Draws[1].PrizeIds);
    }

    [Fact]
    public void Prize_tiers_are_typed_and_know_whether_they_must_be_claimed()
    {
        var model = TestCampaign.Lantern().WithPrize("coupon", "优惠券", PrizeKind.Voucher, 5.5m, 100).Build().Model;

        Assert.Equal(new PrizeTier("travel-pass", "旅游年卡", PrizeKind.Physical, 120m, 10, null), model.FindPrize("travel-pass"));
        Assert.Equal(model.Schedule.ClaimDeadline, model.ClaimDeadlineOf(model.FindPrize("museum-ticket"))); // a service is claimed too
        Assert.Null(model.ClaimDeadlineOf(model.FindPrize("coupon")));
        Assert.Null(model.FindPrize("nope"));
    }

    [Fact]
    public void Riddles_and_candidates_are_found_with_the_activity_they_belong_to()
    {
        var model = TestCampaign.EveryKind().Build().Model;

        Assert.Equal(("riddles", "中字头上一座山"), model.FindRiddle("r2") is { } riddle ? (riddle.Activity.Id, riddle.Riddle.Question) : default);
        Assert.Equal(("likes", "李师傅"), model.FindCandidate("c2") is { } candidate ? (candidate.Activity.Id, candidate.Candidate.Name) : default);
        Assert.Null(model.FindRiddle("c2"));
        Assert.Null(model.FindCandidate("r1"));
    }

    [Fact]
    public void A_campaign_missing_what_validation_requires_cannot_be_read()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            Model(new CampaignDefinition { Id = "broken", Activities = [new ActivityDefinition { Id = "what" }] }));

        Assert.Contains("'broken'", error.Message);
        Assert.Contains("activity 'what' has no kind", error.Message);
        Assert.Throws<InvalidOperationException>(() => Model(TestCampaign.Lantern().BuildDefinition(), prizes: [new PrizeDefinition { Id = "p", Name = "x", Kind = PrizeKind.Physical }]));
    }
}

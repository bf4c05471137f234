using FanRewards.Core.Campaigns;

namespace FanRewards.Core.Tests.Campaigns;

public class CampaignValidatorDraftTests
{
    private static IReadOnlyDictionary<string, string[]> Draft(CampaignDefinition d)
    {
        var errors = new ValidationErrors();
        CampaignValidator.CheckDraft(d, errors);
        return errors.ToDictionary();
    }

    private static ActivityDefinition Activity(ActivityKind kind) => new() { Id = "a1", Kind = kind };

    private static IReadOnlyDictionary<string, string[]> DraftWith(ActivityDefinition a) =>
        Draft(new CampaignDefinition { Id = "c1", Activities = [a] });

    [Fact]
    public void A_draft_with_only_an_id_is_acceptable()
    {
        Assert.Empty(Draft(new CampaignDefinition { Id = "lantern-2027" }));
    }

    [Fact]
    public void The_complete_test_campaign_is_an_acceptable_draft()
    {
        Assert.Empty(Draft(TestCampaign.Lantern().BuildDefinition()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Lantern-2027")]
    [InlineData("lantern 2027")]
    [InlineData("lantern_2027")]
    [InlineData("灯谜")]
    [InlineData("lantern-2027\n")]
    [InlineData("a/b")]
    public void A_missing_or_malformed_id_is_rejected(string? id)
    {
        var errors = Draft(new CampaignDefinition { Id = id });
        Assert.Equal(["id"], errors.Keys);
    }

    [Fact]
    public void Ids_are_limited_to_64_characters()
    {
        Assert.Empty(Draft(new CampaignDefinition { Id = new string('a', 64) }));
        Assert.Contains("id", Draft(new CampaignDefinition { Id = new string('a', 65) }).Keys);
    }

    [Fact]
    public void A_title_over_100_characters_is_rejected()
    {
        Assert.Empty(Draft(new CampaignDefinition { Id = "c1", Title = new string('灯', 100) }));
        var errors = Draft(new CampaignDefinition { Id = "c1", Title = new string('灯', 101) });
        Assert.Equal(["title"], errors.Keys);
    }

    [Theory]
    [InlineData("Asia/Beijing")]
    [InlineData("GMT+8")]
    [InlineData("")]
    public void An_unknown_time_zone_is_rejected(string zone)
    {
        Assert.Equal(["timeZone"], Draft(new CampaignDefinition { Id = "c1", TimeZone = zone }).Keys);
    }

    [Fact]
    public void A_malformed_schedule_time_is_reported_at_its_path()
    {
        var d = TestCampaign.Lantern().WithSchedule(s => s with { ClosesAt = "soon", Draws = [s.Draws![0] with { At = "later" }] }).BuildDefinition();
        var errors = Draft(d);
        Assert.Equal(["schedule.closesAt", "schedule.draws[0].at"], errors.Keys.Order());
    }

    [Fact]
    public void A_daylight_saving_gap_in_the_schedule_is_rejected()
    {
        var d = new CampaignDefinition
        {
            Id = "c1", TimeZone = "America/New_York", Schedule = new ScheduleDefinition { OpensAt = "2027-03-14T02:30:00" },
        };
        Assert.Equal(["schedule.opensAt"], Draft(d).Keys);
    }

    [Fact]
    public void Settings_for_another_activity_kind_are_rejected()
    {
        Assert.Contains("activities[0].seats", DraftWith(Activity(ActivityKind.Riddle) with { Seats = 10 }).Keys);
        Assert.Contains("activities[0].attemptLimit", DraftWith(Activity(ActivityKind.Signup) with { AttemptLimit = 3 }).Keys);
        Assert.Contains("activities[0].likesPer", DraftWith(Activity(ActivityKind.Message) with { LikesPer = "day" }).Keys);
        Assert.Contains("activities[0].dailyCap", DraftWith(Activity(ActivityKind.Like) with { DailyCap = 12000 }).Keys);
        Assert.Contains("activities[0].moderated", DraftWith(Activity(ActivityKind.Checkin) with { Moderated = true }).Keys);
    }

    [Fact]
    public void Settings_for_the_right_activity_kind_are_accepted()
    {
        Assert.Empty(DraftWith(Activity(ActivityKind.Riddle) with { AttemptLimit = 3, MinCorrect = 2 }));
        Assert.Empty(DraftWith(Activity(ActivityKind.Signup) with { Seats = 10 }));
        Assert.Empty(DraftWith(Activity(ActivityKind.Like) with { LikesPer = "campaign" }));
        Assert.Empty(DraftWith(Activity(ActivityKind.Reflection) with { MinLength = 10, MaxLength = 500, Moderated = true }));
        Assert.Empty(DraftWith(Activity(ActivityKind.Checkin) with { DailyCap = 12000, Unit = "步" }));
    }

    [Fact]
    public void Duplicate_activity_ids_are_rejected()
    {
        var errors = Draft(new CampaignDefinition { Id = "c1", Activities = [Activity(ActivityKind.Riddle), Activity(ActivityKind.Like)] });
        Assert.Equal(["activities[1].id"], errors.Keys);
    }

    [Theory]
    [InlineData("week")]
    [InlineData("Day")]
    [InlineData("")]
    public void LikesPer_must_be_day_or_campaign(string likesPer)
    {
        Assert.Equal(["activities[0].likesPer"], DraftWith(Activity(ActivityKind.Like) with { LikesPer = likesPer }).Keys);
    }

    [Theory]
    [InlineData("random")]
    [InlineData("Equal")]
    public void Weighting_must_be_equal_or_correctAnswers(string weighting)
    {
        var a = Activity(ActivityKind.Riddle) with { Award = new AwardDefinition { Mode = AwardMode.Draw, Weighting = weighting } };
        Assert.Equal(["activities[0].award.weighting"], DraftWith(a).Keys);
    }

    [Fact]
    public void Weighting_by_correct_answers_applies_to_riddles_only()
    {
        var award = new AwardDefinition { Mode = AwardMode.Draw, Weighting = "correctAnswers" };
        Assert.Empty(DraftWith(Activity(ActivityKind.Riddle) with { Award = award }));
        Assert.Equal(["activities[0].award.weighting"], DraftWith(Activity(ActivityKind.Like) with { Award = award }).Keys);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(1.0000001)]
    public void Win_probability_must_be_above_zero_and_at_most_one(double p)
    {
        var a = Activity(ActivityKind.Message) with { Award = new AwardDefinition { Mode = AwardMode.Instant, WinProbability = p } };
        Assert.Equal(["activities[0].award.winProbability"], DraftWith(a).Keys);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.001)]
    public void Win_probability_within_range_is_accepted(double p)
    {
        var a = Activity(ActivityKind.Message) with { Award = new AwardDefinition { Mode = AwardMode.Instant, WinProbability = p } };
        Assert.Empty(DraftWith(a));
    }

    [Fact]
    public void Message_min_length_may_not_exceed_max_length()
    {
        Assert.Equal(["activities[0].minLength"], DraftWith(Activity(ActivityKind.Message) with { MinLength = 50, MaxLength = 10 }).Keys);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var d = new CampaignDefinition
        {
            Id = "Bad Id", Title = new string('x', 101), TimeZone = "Nowhere/Land",
            Activities = [Activity(ActivityKind.Riddle) with { Seats = 5, Award = new AwardDefinition { WinProbability = 2 } }],
        };
        Assert.Equal(
            ["activities[0].award.winProbability", "activities[0].seats", "id", "timeZone", "title"],
            Draft(d).Keys.Order(StringComparer.Ordinal));
    }
}

public class CampaignValidatorItemTests
{
    private static IReadOnlyDictionary<string, string[]> Riddles(params RiddleDefinition[] riddles)
    {
        var errors = new ValidationErrors();
        CampaignValidator.CheckRiddles(riddles, errors);
        return errors.ToDictionary();
    }

    private static IReadOnlyDictionary<string, string[]> Candidates(params CandidateDefinition[] candidates)
    {
        var errors = new ValidationErrors();
        CampaignValidator.CheckCandidates(candidates, errors);
        return errors.ToDictionary();
    }

    private static IReadOnlyDictionary<string, string[]> Prizes(params PrizeDefinition[] prizes)
    {
        var errors = new ValidationErrors();
        CampaignValidator.CheckPrizes(prizes, errors);
        return errors.ToDictionary();
    }

    private static readonly RiddleDefinition Riddle = new() { Id = "r1", ActivityId = "riddles", Question = "一口咬掉牛尾巴", Answers = ["告"] };
    private static readonly CandidateDefinition Candidate = new() { Id = "c1", ActivityId = "likes", Name = "张师傅" };
    private static readonly PrizeDefinition Prize = new() { Id = "p1", Name = "电影票", Kind = PrizeKind.Voucher, ValueYuan = 45.5m, Count = 100 };

    [Fact]
    public void Well_formed_items_are_accepted()
    {
        Assert.Empty(Riddles(Riddle, Riddle with { Id = "r2" }));
        Assert.Empty(Candidates(Candidate, Candidate with { Id = "c2" }));
        Assert.Empty(Prizes(Prize, Prize with { Id = "p2" }));
        Assert.Empty(Riddles());
    }

    [Fact]
    public void Duplicate_riddle_ids_are_reported_at_the_second_use()
    {
        Assert.Equal(["riddles[2].id"], Riddles(Riddle, Riddle with { Id = "r2" }, Riddle).Keys);
    }

    [Fact]
    public void A_riddle_needs_at_least_one_answer()
    {
        Assert.Equal(["riddles[0].answers"], Riddles(Riddle with { Answers = null }).Keys);
        Assert.Equal(["riddles[0].answers"], Riddles(Riddle with { Answers = [] }).Keys);
        Assert.Equal(["riddles[0].answers[1]"], Riddles(Riddle with { Answers = ["告", " "] }).Keys);
    }

    [Fact]
    public void A_riddle_needs_a_question_and_well_formed_ids()
    {
        var errors = Riddles(Riddle with { Question = "", ActivityId = "Riddles" });
        Assert.Equal(["riddles[0].activityId", "riddles[0].question"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Duplicate_candidates_and_nameless_candidates_are_rejected()
    {
        Assert.Equal(["candidates[1].id"], Candidates(Candidate, Candidate).Keys);
        Assert.Equal(["candidates[0].name"], Candidates(Candidate with { Name = null }).Keys);
    }

    [Fact]
    public void Duplicate_prize_ids_are_rejected()
    {
        Assert.Equal(["prizes[1].id"], Prizes(Prize, Prize).Keys);
    }

    [Theory]
    [InlineData("-0.01")]
    [InlineData("-100")]
    [InlineData("9.999")]
    [InlineData("0.001")]
    public void Prize_values_must_be_non_negative_yuan_with_at_most_two_decimals(string value)
    {
        Assert.Equal(["prizes[0].valueYuan"], Prizes(Prize with { ValueYuan = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture) }).Keys);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("9.99")]
    [InlineData("10.500")] // three digits written, but only two are significant
    [InlineData("50000")]
    public void Prize_values_in_whole_fen_are_accepted(string value)
    {
        Assert.Empty(Prizes(Prize with { ValueYuan = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture) }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(10_000_001)]
    public void Prize_counts_out_of_range_are_rejected(int count)
    {
        Assert.Equal(["prizes[0].count"], Prizes(Prize with { Count = count }).Keys);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10_000_000)]
    public void Prize_counts_in_range_are_accepted(int count)
    {
        Assert.Empty(Prizes(Prize with { Count = count }));
    }

    [Fact]
    public void A_prize_must_state_kind_value_count_and_name()
    {
        var errors = Prizes(new PrizeDefinition { Id = "p1" });
        Assert.Equal(["prizes[0].count", "prizes[0].kind", "prizes[0].name", "prizes[0].valueYuan"],
            errors.Keys.Order(StringComparer.Ordinal));
    }
}

public class CampaignValidatorPublishTests
{
    private static readonly DateTimeOffset Now = LanternFestival.BeforeAll;

    private static IReadOnlyDictionary<string, string[]> Publish(Campaign c, PublishPolicy? policy = null, DateTimeOffset? now = null)
    {
        var errors = new ValidationErrors();
        CampaignValidator.CheckPublishable(c, policy ?? new PublishPolicy(), now ?? Now, errors);
        return errors.ToDictionary();
    }

    private static Campaign With(Func<TestCampaign, TestCampaign> change) => change(TestCampaign.Lantern()).Build();

    [Fact]
    public void A_complete_valid_campaign_is_publishable()
    {
        Assert.Empty(Publish(TestCampaign.Lantern().Build()));
    }

    [Fact]
    public void A_campaign_whose_scheduled_opening_has_passed_is_still_publishable()
    {
        // Entries then open at the moment of publishing.
        Assert.Empty(Publish(TestCampaign.Lantern().Build(), now: LanternFestival.Opens.AddDays(1)));
    }

    [Fact]
    public void An_empty_draft_reports_every_missing_disclosure_at_once()
    {
        var errors = Publish(TestCampaign.Bare("empty").Build());

        Assert.Equal(
            [
                "activities", "organiser.contact", "organiser.name", "prizes",
                "rules.awardMethod", "rules.claimInstructions", "rules.entryConditions", "rules.forfeiture",
                "schedule", "title",
            ],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_schedule_without_times_reports_each_missing_time()
    {
        var errors = Publish(With(c => c.WithSchedule(s => new ScheduleDefinition { Draws = s.Draws })));
        Assert.Equal(["schedule.claimDeadline", "schedule.closesAt", "schedule.opensAt"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("2027-02-12T08:00:00")] // equal to opensAt
    [InlineData("2027-02-11T18:00:00")] // before opensAt
    public void Closing_at_or_before_opening_is_rejected(string closesAt)
    {
        var errors = Publish(With(c => c.WithSchedule(s => s with { ClosesAt = closesAt })));
        Assert.Contains("schedule.closesAt", errors.Keys);
        Assert.Contains(errors["schedule.closesAt"], m => m.Contains("after opensAt"));
    }

    [Fact]
    public void A_campaign_that_has_already_ended_cannot_be_published()
    {
        var errors = Publish(TestCampaign.Lantern().Build(), now: LanternFestival.Closes);
        Assert.Contains(errors["schedule.closesAt"], m => m.Contains("past"));
    }

    [Fact]
    public void A_draw_already_past_cannot_be_published()
    {
        // Entries close well after now, but the draw is at 2027-01-10 20:00, before now (2027-02-01).
        var errors = Publish(With(c => c.WithSchedule(s => s with { Draws = [s.Draws![0] with { At = "2027-01-10T20:00:00" }] })));
        Assert.Contains(errors["schedule.draws[0].at"], m => m.Contains("past"));
    }

    [Theory]
    [InlineData("2027-02-10T20:00:00")]
    [InlineData("2027-02-12T08:00:00")]
    public void A_draw_at_or_before_opening_is_rejected(string at)
    {
        var errors = Publish(With(c => c.WithSchedule(s => s with { Draws = [s.Draws![0] with { At = at }] })));
        Assert.Contains("schedule.draws[0].at", errors.Keys);
        Assert.Contains(errors["schedule.draws[0].at"], m => m.Contains("after opensAt"));
    }

    [Fact]
    public void The_claim_deadline_must_follow_the_last_draw_not_only_the_close()
    {
        // 19:00 is after entries close (18:00) but before the 20:00 draw.
        var errors = Publish(With(c => c.WithSchedule(s => s with { ClaimDeadline = "2027-02-20T19:00:00" })));
        Assert.Equal(["schedule.claimDeadline"], errors.Keys);
    }

    [Fact]
    public void The_claim_deadline_must_follow_the_close()
    {
        var errors = Publish(With(c => c.WithSchedule(s => s with { ClaimDeadline = "2027-02-20T17:00:00" })));
        Assert.Equal(["schedule.claimDeadline"], errors.Keys);
    }

    [Fact]
    public void A_prize_worth_more_than_50000_yuan_is_rejected()
    {
        var c = With(b => b.ChangePrize("travel-pass", p => p with { ValueYuan = 50_000.01m }));
        Assert.Equal(["prizes[0].valueYuan"], Publish(c).Keys);
    }

    [Fact]
    public void A_prize_worth_exactly_50000_yuan_is_allowed()
    {
        var c = With(b => b.ChangePrize("travel-pass", p => p with { ValueYuan = 50_000m }));
        Assert.Empty(Publish(c));
    }

    [Fact]
    public void The_prize_value_cap_comes_from_the_policy()
    {
        // The travel pass is worth 120 yuan.
        var errors = Publish(TestCampaign.Lantern().Build(), new PublishPolicy { PrizeValueCapYuan = 100m });
        Assert.Equal(["prizes[0].valueYuan"], errors.Keys);
        Assert.Contains("100", errors["prizes[0].valueYuan"][0]);
        Assert.Empty(Publish(TestCampaign.Lantern().Build(), new PublishPolicy { PrizeValueCapYuan = 120m }));
    }

    [Fact]
    public void A_prize_awarded_by_nothing_is_rejected()
    {
        var c = With(b => b.WithPrize("book-set", "图书套装", PrizeKind.Physical, 200m, 5));
        Assert.Equal(["prizes[2]"], Publish(c).Keys);
    }

    [Fact]
    public void A_draw_naming_an_unknown_prize_is_rejected()
    {
        var errors = Publish(With(c => c.WithSchedule(s => s with { Draws = [s.Draws![0] with { PrizeIds = ["travel-pass", "gold-bar"] }] })));
        Assert.Equal(["schedule.draws[0].prizeIds"], errors.Keys);
        Assert.Contains("gold-bar", errors["schedule.draws[0].prizeIds"][0]);
    }

    [Fact]
    public void A_prize_awarded_two_ways_is_rejected()
    {
        var errors = Publish(With(c => c.WithSchedule(s => s with { Draws = [s.Draws![0] with { PrizeIds = ["travel-pass", "museum-ticket"] }] })));
        Assert.NotEmpty(errors);
        Assert.Contains(errors.SelectMany(e => e.Value), m => m.Contains("already awarded"));
    }

    [Fact]
    public void A_riddle_activity_without_riddles_is_rejected()
    {
        var errors = Publish(With(c => c.WithoutRiddles()));
        Assert.Equal(["activities[0]"], errors.Keys);
    }

    [Fact]
    public void MinCorrect_above_the_number_of_riddles_is_rejected()
    {
        var errors = Publish(With(c => c.ChangeActivity("riddles", a => a with { MinCorrect = 2 })));
        Assert.Equal(["activities[0].minCorrect"], errors.Keys);
    }

    [Fact]
    public void MinCorrect_equal_to_the_number_of_riddles_is_allowed()
    {
        var c = With(b => b.WithRiddle("r2", "一口咬掉牛尾巴", ["告"], hint: "打一字").ChangeActivity("riddles", a => a with { MinCorrect = 2 }));
        Assert.Empty(Publish(c));
    }

    [Fact]
    public void More_first_come_winners_than_prizes_in_stock_is_rejected()
    {
        // 30 museum tickets in stock.
        var errors = Publish(With(c => c.ChangeActivity("museum-day", a => a with { Award = a.Award! with { Count = 31 } })));
        Assert.Equal(["activities[1].award.count"], errors.Keys);
        Assert.Empty(Publish(With(c => c.ChangeActivity("museum-day", a => a with { Award = a.Award! with { Count = 30 } }))));
    }

    [Fact]
    public void A_riddle_owned_by_a_non_riddle_activity_is_rejected()
    {
        var c = With(b => b.WithRiddle("r2", "一口咬掉牛尾巴", ["告"], hint: "打一字", activityId: "museum-day"));
        Assert.Equal(["riddles[1].activityId"], Publish(c).Keys);
    }

    [Fact]
    public void A_riddle_owned_by_no_activity_is_rejected()
    {
        var c = With(b => b.WithRiddle("r2", "一口咬掉牛尾巴", ["告"], hint: "打一字", activityId: "ghost"));
        Assert.Equal(["riddles[1].activityId"], Publish(c).Keys);
    }

    [Fact]
    public void A_like_activity_needs_candidates()
    {
        var like = new ActivityDefinition
        {
            Id = "model-workers", Kind = ActivityKind.Like, Title = "点赞劳模",
            Award = new AwardDefinition { Mode = AwardMode.Draw },
        };
        var c = With(b => b.WithActivity(like)
            .WithSchedule(s => s with { Draws = [s.Draws![0] with { ActivityIds = ["riddles", "model-workers"] }] }));
        Assert.Equal(["activities[2]"], Publish(c).Keys);

        var withCandidate = c with { Candidates = [new CandidateDefinition { Id = "zhang", ActivityId = "model-workers", Name = "张师傅" }] };
        Assert.Empty(Publish(withCandidate));
    }

    [Fact]
    public void A_draw_activity_with_no_draw_scheduled_for_it_is_rejected()
    {
        var errors = Publish(With(c => c.WithSchedule(s => s with { Draws = [] })));
        Assert.Contains("activities[0].award", errors.Keys);
    }

    [Fact]
    public void An_activity_without_an_award_is_rejected()
    {
        var errors = Publish(With(c => c.ChangeActivity("museum-day", a => a with { Award = null })));
        Assert.Contains("activities[1].award", errors.Keys);
    }

    [Fact]
    public void A_draft_shape_error_is_also_a_publish_error()
    {
        var errors = Publish(With(c => c.ChangeActivity("riddles", a => a with { Seats = 10 })));
        Assert.Equal(["activities[0].seats"], errors.Keys);
    }
}

public class WitnessValidationTests
{
    private static readonly string Commitment = new('a', 64);

    private static Campaign With(Func<TestCampaign, TestCampaign> change) => change(TestCampaign.Lantern()).Build();

    private static IReadOnlyDictionary<string, string[]> Draft(Campaign c)
    {
        var errors = new ValidationErrors();
        CampaignValidator.CheckDraft(c.Definition, errors);
        return errors.ToDictionary();
    }

    private static IReadOnlyDictionary<string, string[]> Publish(Campaign c)
    {
        var errors = new ValidationErrors();
        CampaignValidator.CheckPublishable(c, new PublishPolicy(), LanternFestival.BeforeAll, errors);
        return errors.ToDictionary();
    }

    [Fact]
    public void Witnesses_with_commitments_and_a_deadline_after_the_cutoff_publish()
    {
        var c = With(t => t.WithWitnesses("lantern-draw", LanternFestival.DrawAt.AddHours(1), ("notary", "西安市公证处", Commitment), ("union", "职工代表", new string('b', 64))));
        Assert.Empty(Draft(c));
        Assert.Empty(Publish(c));
        Assert.Equal(["notary", "union"], c.Model.Schedule.Draws[0].Witnesses.Select(w => w.Id));
    }

    [Fact]
    public void A_draft_may_hold_a_witness_without_a_commitment_but_publish_refuses_it()
    {
        var c = With(t => t.WithWitnesses("lantern-draw", LanternFestival.DrawAt.AddHours(1), ("notary", "西安市公证处", null)));
        Assert.Empty(Draft(c));
        Assert.Equal(["schedule.draws[0].witnesses[0].commitment"], Publish(c).Keys);
    }

    [Fact]
    public void A_null_in_the_witness_list_is_a_field_error_not_a_crash()
    {
        var c = With(t => t.WithWitnesses("lantern-draw", LanternFestival.DrawAt.AddHours(1), ("notary", "西安市公证处", Commitment))
            .WithSchedule(s => s with
            {
                Draws = s.Draws!.Select(d => d with { Witnesses = [.. d.Witnesses!, null!] }).ToList(),
            }));

        Assert.Equal(["schedule.draws[0].witnesses[1]"], Draft(c).Keys);
        Assert.DoesNotContain("schedule.draws[0].witnesses[0].commitment", Publish(c).Keys);
    }

    [Fact]
    public void Malformed_witnesses_are_named_field_by_field()
    {
        var c = With(t => t.WithWitnesses("lantern-draw", LanternFestival.DrawAt.AddHours(1),
            ("Notary!", "", new string('A', 64)), ("dup", "a", Commitment), ("dup", "b", "abc")));
        var errors = Draft(c);
        Assert.Contains("schedule.draws[0].witnesses[0].id", errors.Keys);
        Assert.Contains("schedule.draws[0].witnesses[0].name", errors.Keys);
        Assert.Contains("schedule.draws[0].witnesses[0].commitment", errors.Keys);
        Assert.Contains("schedule.draws[0].witnesses[2].commitment", errors.Keys);
        // The repeated id is named (on the repeat or on the list).
        Assert.True(errors.ContainsKey("schedule.draws[0].witnesses[2].id") || errors.ContainsKey("schedule.draws[0].witnesses"), string.Join(",", errors.Keys));
    }

    [Fact]
    public void The_reveal_deadline_is_required_with_witnesses_and_must_follow_the_cutoff()
    {
        Assert.Equal(["schedule.draws[0].revealBy"],
            Publish(With(t => t.WithWitnesses("lantern-draw", null, ("notary", "公证处", Commitment)))).Keys);
        Assert.Equal(["schedule.draws[0].revealBy"],
            Publish(With(t => t.WithWitnesses("lantern-draw", LanternFestival.Closes.AddHours(-1), ("notary", "公证处", Commitment)))).Keys);
        Assert.Equal(["schedule.draws[0].revealBy"], Draft(With(t => t.WithWitnesses("lantern-draw", LanternFestival.DrawAt.AddHours(1)))).Keys);
    }
}

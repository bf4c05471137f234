using System.Text.RegularExpressions;
using FanRewards.Core.Campaigns;

namespace FanRewards.Core.Tests.Problems;

/// <summary>
/// Every validation message carries a machine code and its arguments beside the English text, so that a client (the
/// admin console in Chinese) can word it in its own language; the English stays as it was.
/// </summary>
public partial class ValidationErrorCodeTests
{
    [GeneratedRegex("^[a-z]+(-[a-z]+)*$")]
    private static partial Regex KebabCase();

    private static ValidationErrorCode Single(ValidationErrors errors, string path) =>
        Assert.Single(errors.ToCodeDictionary()[path]);

    [Fact]
    public void A_missing_prize_value_has_its_own_code_beside_the_unchanged_english()
    {
        var errors = new ValidationErrors();
        CampaignValidator.CheckPrizes([new PrizeDefinition { Id = "p1", Name = "电影票", Kind = PrizeKind.Voucher, Count = 1 }], errors);

        Assert.Equal(["Required: the value of one prize in yuan."], errors.ToDictionary()["prizes[0].valueYuan"]);
        var code = Single(errors, "prizes[0].valueYuan");
        Assert.Equal("prize-value-required", code.Code);
        Assert.Empty(code.Args);
    }

    [Fact]
    public void Generic_checks_share_a_code_and_carry_their_limits()
    {
        var errors = new ValidationErrors();
        var activities = Enumerable.Range(0, CampaignLimits.Activities + 1)
            .Select(i => new ActivityDefinition { Id = $"a{i}", Kind = ActivityKind.Checkin }).ToList();
        CampaignValidator.CheckDraft(new CampaignDefinition
        {
            Id = "c1",
            Title = new string('题', CampaignLimits.Title + 1),
            ContactRetentionDays = 0,
            Activities = activities,
        }, errors);

        var tooMany = Single(errors, "activities");
        Assert.Equal("too-many", tooMany.Code);
        Assert.Equal(CampaignLimits.Activities, tooMany.Args["max"]);

        var tooLong = Single(errors, "title");
        Assert.Equal("too-long", tooLong.Code);
        Assert.Equal(CampaignLimits.Title, tooLong.Args["max"]);

        var range = Single(errors, "contactRetentionDays");
        Assert.Equal("out-of-range", range.Code);
        Assert.Equal(1L, range.Args["min"]);
        Assert.Equal(3650L, range.Args["max"]);
    }

    [Fact]
    public void A_reference_to_a_missing_prize_names_it_in_the_args()
    {
        var errors = new ValidationErrors();
        var campaign = TestCampaign.Lantern().WithSchedule(s => s with { Draws = [s.Draws![0] with { PrizeIds = ["no-such-prize"] }] }).Build();
        CampaignValidator.CheckPublishable(campaign, new PublishPolicy(), LanternFestival.BeforeAll, errors);

        Assert.Equal(["There is no prize 'no-such-prize'."], errors.ToDictionary()["schedule.draws[0].prizeIds"]);
        var code = Single(errors, "schedule.draws[0].prizeIds");
        Assert.Equal("unknown-prize", code.Code);
        Assert.Equal("no-such-prize", code.Args["prizeId"]);
    }

    [Fact]
    public void Every_error_of_a_thoroughly_broken_campaign_has_a_kebab_case_code()
    {
        var errors = new ValidationErrors();
        CampaignValidator.CheckPublishable(BrokenCampaign(), new PublishPolicy(), LanternFestival.BeforeAll, errors);

        var messages = errors.ToDictionary();
        var codes = errors.ToCodeDictionary();
        Assert.Equal(messages.Keys.Order(StringComparer.Ordinal), codes.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, texts) in messages)
        {
            Assert.Equal(texts.Length, codes[path].Length);
            foreach (var code in codes[path])
                Assert.True(KebabCase().IsMatch(code.Code), $"{path}: '{code.Code}' is not a kebab-case code");
        }

        // The campaign really is broken in most of the ways the validator knows, so the loop above covered them.
        var seen = codes.Values.SelectMany(c => c).Select(c => c.Code).ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "required", "required-one-of", "too-long", "out-of-range", "duplicate", "at-least-one", "one-of", "only-for-kinds",
            "must-not-exceed", "options-count", "invalid-yuan", "prize-value-required", "prize-count-required", "prize-value-over-cap",
            "prize-not-awarded", "more-than-riddles", "no-candidates", "seats-required", "daily-cap-required", "award-required",
            "draw-prizes-in-schedule", "win-probability-required", "winner-count-required", "prize-tiers-required",
            "more-winners-than-prizes", "must-be-after", "already-past", "not-a-draw-activity", "draw-prize-tiers-required",
            "must-be-after-last-award", "unknown-prize", "prize-awarded-twice", "not-an-activity-of-kind", "invalid-time",
        }, seen);
    }

    /// <summary>The test campaign with nearly every rule broken somewhere; the comments name the code each change earns.</summary>
    private static Campaign BrokenCampaign()
    {
        var campaign = TestCampaign.Lantern().Build();
        var d = campaign.Definition;
        var award = new AwardDefinition { Mode = AwardMode.FirstCome, Count = 1, PrizeIds = ["museum-ticket"] };
        return campaign with
        {
            Definition = d with
            {
                Title = new string('题', CampaignLimits.Title + 1), // too-long
                ContactRetentionDays = 0, // out-of-range
                Organiser = null, // required
                Schedule = d.Schedule! with
                {
                    OpensAt = "2027-02-21T08:00:00", // closesAt: must-be-after
                    ClaimDeadline = "2027-01-01T00:00:00", // must-be-after-last-award
                    Draws =
                    [
                        // at: already-past and must-be-after; activityIds: not-a-draw-activity; prizeIds: unknown-prize
                        new DrawDefinition { Id = "d1", At = "2027-01-15T20:00:00", ActivityIds = ["museum-day"], PrizeIds = ["no-such-prize"] },
                        // id: duplicate; at: invalid-time; prizeIds: draw-prize-tiers-required
                        new DrawDefinition { Id = "d1", At = "Lantern night" },
                    ],
                },
                Activities =
                [
                    // likesPer: only-for-kinds and one-of; minCorrect: more-than-riddles; award.prizeIds: draw-prizes-in-schedule
                    d.Activities![0] with { LikesPer = "week", MinCorrect = 5, Award = new AwardDefinition { Mode = AwardMode.Draw, PrizeIds = ["travel-pass"] } },
                    // seats: seats-required; award.count: more-winners-than-prizes; fields: required label, options-count
                    d.Activities[1] with
                    {
                        Seats = null, Award = award with { Count = 1000 },
                        Fields = [new SignupFieldDefinition { Id = "size", Label = " ", Options = [] }],
                    },
                    new ActivityDefinition { Id = "likes", Kind = ActivityKind.Like, Title = "点赞" }, // no-candidates, award-required
                    // minLength: must-not-exceed; winProbability: win-probability-required; prizeIds: prize-tiers-required
                    new ActivityDefinition
                    {
                        Id = "wishes", Kind = ActivityKind.Message, Title = "许愿", MinLength = 10, MaxLength = 5,
                        Award = new AwardDefinition { Mode = AwardMode.Instant },
                    },
                    // dailyCap: daily-cap-required; count: winner-count-required; prizeIds: prize-awarded-twice
                    new ActivityDefinition
                    {
                        Id = "steps", Kind = ActivityKind.Checkin, Title = "打卡",
                        Award = award with { Mode = AwardMode.TopN, Count = null },
                    },
                    new ActivityDefinition { Id = "mystery", Title = "?" }, // kind: required-one-of, award-required
                ],
            },
            Riddles =
            [
                // question: required; answers: at-least-one; activityId: not-an-activity-of-kind
                new RiddleDefinition { Id = "r1", ActivityId = "likes", Question = "", Answers = [] },
                new RiddleDefinition { Id = "r1", ActivityId = "riddles", Question = "一口咬掉牛尾巴", Answers = ["告"] }, // id: duplicate
            ],
            Candidates = [new CandidateDefinition { Id = "c1", ActivityId = "riddles" }], // name: required; activityId: not-an-activity-of-kind
            Prizes =
            [
                campaign.Prizes[0] with { Kind = null, ValueYuan = 1_000_000m }, // required-one-of, prize-value-over-cap
                campaign.Prizes[1],
                new PrizeDefinition { Id = "spare", Name = "备用", Kind = PrizeKind.Physical, ValueYuan = 1.234m }, // invalid-yuan, prize-count-required, prize-not-awarded
                new PrizeDefinition { Id = "ghost", Name = "幽灵", Kind = PrizeKind.Physical, Count = 1 }, // prize-value-required
            ],
        };
    }
}

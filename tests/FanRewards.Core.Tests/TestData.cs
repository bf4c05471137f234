using FanRewards.Core.Campaigns;

namespace FanRewards.Core.Tests;

/// <summary>
/// A complete, publishable Lantern Festival campaign (Asia/Shanghai, UTC+8 all year, no daylight saving):
/// entries 2027-02-12 08:00 → 2027-02-20 18:00 local, a draw at 20:00 on Lantern Festival, claims until 2027-03-20.
/// Activity 0 is a riddle activity awarding by draw; activity 1 a sign-up awarding 30 museum tickets first come.
/// </summary>
internal static class TestData
{
    public static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>Well before the campaign opens: 2027-02-01 08:00 Shanghai.</summary>
    public static readonly DateTimeOffset BeforeAll = new(2027, 2, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>2027-02-12T08:00:00+08:00.</summary>
    public static readonly DateTimeOffset Opens = new(2027, 2, 12, 0, 0, 0, TimeSpan.Zero);

    /// <summary>2027-02-20T18:00:00+08:00.</summary>
    public static readonly DateTimeOffset Closes = new(2027, 2, 20, 10, 0, 0, TimeSpan.Zero);

    public static CampaignDefinition Definition(string id = "lantern-2027") => new()
    {
        Id = id,
        Title = "元宵猜灯谜",
        Summary = "猜灯谜赢旅游年卡",
        TimeZone = "Asia/Shanghai",
        Schedule = new ScheduleDefinition
        {
            OpensAt = "2027-02-12T08:00:00",
            ClosesAt = "2027-02-20T18:00:00",
            Draws = [new DrawDefinition { Id = "lantern-draw", At = "2027-02-20T20:00:00", ActivityIds = ["riddles"], PrizeIds = ["travel-pass"], Alternates = 5 }],
            ClaimDeadline = "2027-03-20T18:00:00",
        },
        Organiser = new OrganiserDefinition { Name = "省总工会", Contact = "029-87310000" },
        Rules = new RulesDefinition
        {
            EntryConditions = "关注公众号的职工均可参加",
            AwardMethod = "元宵节20:00可验证随机抽奖；博物馆门票先到先得",
            ClaimInstructions = "在活动页面填写收件信息",
            Forfeiture = "逾期未领取视为放弃，由候补递补",
        },
        Activities =
        [
            new ActivityDefinition
            {
                Id = "riddles", Kind = ActivityKind.Riddle, Title = "猜灯谜", MinCorrect = 1,
                Award = new AwardDefinition { Mode = AwardMode.Draw },
            },
            new ActivityDefinition
            {
                Id = "museum-day", Kind = ActivityKind.Signup, Title = "职工子女博物馆日", Seats = 30,
                Award = new AwardDefinition { Mode = AwardMode.FirstCome, Count = 30, PrizeIds = ["museum-ticket"] },
            },
        ],
    };

    public static List<RiddleDefinition> Riddles() =>
    [
        new RiddleDefinition { Id = "r1", ActivityId = "riddles", Question = "一口咬掉牛尾巴", Hint = "打一字", Answers = ["告"] },
    ];

    public static List<PrizeDefinition> Prizes() =>
    [
        new PrizeDefinition { Id = "travel-pass", Name = "旅游年卡", Kind = PrizeKind.Physical, ValueYuan = 120m, Count = 10 },
        new PrizeDefinition { Id = "museum-ticket", Name = "博物馆门票", Kind = PrizeKind.Service, ValueYuan = 0m, Count = 30 },
    ];

    public static Campaign Campaign(string id = "lantern-2027") => new()
    {
        Definition = Definition(id),
        Riddles = Riddles(),
        Prizes = Prizes(),
        CreatedAt = BeforeAll.AddDays(-1),
        UpdatedAt = BeforeAll.AddDays(-1),
    };

    /// <summary>The complete campaign, published at <paramref name="publishedAt"/> (default: before it opens).</summary>
    public static Campaign Published(string id = "lantern-2027", DateTimeOffset? publishedAt = null) =>
        Campaign(id) with { Lifecycle = CampaignLifecycle.Published, PublishedAt = publishedAt ?? BeforeAll };

    public static CampaignDefinition WithSchedule(this CampaignDefinition d, Func<ScheduleDefinition, ScheduleDefinition> change) =>
        d with { Schedule = change(d.Schedule!) };

    public static CampaignDefinition WithActivity(this CampaignDefinition d, int index, Func<ActivityDefinition, ActivityDefinition> change) =>
        d with { Activities = d.Activities!.Select((a, i) => i == index ? change(a) : a).ToList() };
}

using FanRewards.Core.Campaigns;

namespace FanRewards.Testing;

/// <summary>A complete, publishable riddle campaign relative to a given "now", for tests that need one.</summary>
public static class TestCampaigns
{
    public static CampaignDefinition Definition(string id, DateTimeOffset now) => new()
    {
        Id = id,
        Title = "元宵猜灯谜",
        Summary = "猜灯谜赢旅游年票",
        TimeZone = "Asia/Shanghai",
        Schedule = new ScheduleDefinition
        {
            OpensAt = Local(now.AddHours(1)),
            ClosesAt = Local(now.AddDays(2)),
            Draws = [new DrawDefinition { Id = "main", At = Local(now.AddDays(2).AddHours(1)), PrizeIds = ["pass"], Alternates = 5 }],
            ClaimDeadline = Local(now.AddDays(16)),
        },
        Organiser = new OrganiserDefinition { Name = "省总工会", Contact = "029-87310000" },
        Rules = new RulesDefinition
        {
            EntryConditions = "关注公众号的职工均可参加",
            AwardMethod = "元宵节20:00可验证随机抽奖",
            ClaimInstructions = "在活动页面填写收件信息",
            Forfeiture = "逾期未领取视为放弃，由候补递补",
        },
        Activities = [new ActivityDefinition { Id = "riddles", Kind = ActivityKind.Riddle, Title = "猜灯谜", Award = new AwardDefinition { Mode = AwardMode.Draw } }],
    };

    public static List<RiddleDefinition> Riddles(int count = 2) =>
        Enumerable.Range(1, count).Select(i => new RiddleDefinition
        {
            Id = $"r{i:D4}", ActivityId = "riddles", Question = $"一口咬掉牛尾巴 {i}", Hint = "打一字", Answers = ["告", $"secret-{i}"],
        }).ToList();

    public static List<PrizeDefinition> Prizes() =>
        [new PrizeDefinition { Id = "pass", Name = "旅游年卡", Kind = PrizeKind.Physical, ValueYuan = 120m, Count = 10 }];

    private static string Local(DateTimeOffset instant) =>
        CampaignTime.FormatLocal(instant, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
}

/// <summary>A clock the test sets.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}

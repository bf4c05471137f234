using FanRewards.Core.Campaigns;

namespace FanRewards.Testing;

/// <summary>The campaigns tests start from. Tests count on their fields (ids, seats, caps, stock), so change them only with the tests.</summary>
public sealed partial record TestCampaign
{
    /// <summary>The id of <see cref="Lantern"/> and <see cref="EveryKind"/> unless a test names another.</summary>
    public const string CampaignId = "lantern-2027";

    /// <summary>The ASCII answer of <see cref="EveryKind"/>'s riddle r3, which must never show up in logs or views.</summary>
    public const string SecretAsciiAnswer = "zhuque-secret";

    /// <summary>
    /// A complete, publishable draft on the <see cref="LanternFestival"/> timeline: activity 0, "riddles", awards by a draw
    /// at 20:00 on the festival (one riddle, r1, one right to enter); activity 1, "museum-day", a sign-up awarding 30 museum
    /// tickets first come. Prizes: 10 travel passes of 120 yuan (the draw's), 30 museum tickets of 0 yuan.
    /// </summary>
    public static TestCampaign Lantern(string id = CampaignId) =>
        LanternDraw(id)
            .WithRiddleActivity(minCorrect: 1)
            .WithSignupActivity("museum-day", FirstCome(30, "museum-ticket"), seats: 30)
            .WithRiddle("r1", "一口咬掉牛尾巴", ["告"], hint: "打一字");

    /// <summary>
    /// <see cref="Lantern"/>'s timeline, draw and prizes, published, with one activity of every entry kind: "riddles"
    /// (3 attempts, 2 right to enter the draw, a ticket per riddle right; riddles r1, r2, r3), "likes" (candidates c1, c2;
    /// top 1), a moderated "messages" (at most 10 characters; by draw), a "museum-day" sign-up (2 seats, a required size)
    /// and a "steps" check-in (12,000 a day at most; top 10).
    /// </summary>
    public static TestCampaign EveryKind(string id = CampaignId) =>
        LanternDraw(id)
            .WithRiddleActivity(award: ByDraw("correctAnswers"), attemptLimit: 3, minCorrect: 2)
            .WithLikeActivity("likes", TopN(1, "travel-pass"))
            .WithMessageActivity("messages", ByDraw(), maxLength: 10, moderated: true)
            .WithSignupActivity("museum-day", FirstCome(2, "museum-ticket"), seats: 2, fields:
            [
                new SignupFieldDefinition { Id = "size", Label = "T恤尺码", Options = ["s", "m", "l"], Required = true },
                new SignupFieldDefinition { Id = "note", Label = "备注" },
            ])
            .WithCheckinActivity("steps", TopN(10, "travel-pass"), dailyCap: 12_000)
            .WithRiddle("r1", "一口咬掉牛尾巴", ["告"], hint: "打一字")
            .WithRiddle("r2", "中字头上一座山", ["华", "華"], hint: "打一字")
            .WithRiddle("r3", "南方之神", [SecretAsciiAnswer], hint: "拼音")
            .WithCandidate("c1", "张师傅")
            .WithCandidate("c2", "李师傅")
            .Published();

    /// <summary>
    /// A complete, publishable riddle campaign created at <paramref name="now"/>: it opens an hour later and closes two days
    /// later; draw "main" an hour after the close awards 10 travel passes ("pass", 120 yuan) with 5 alternates; riddles
    /// r0001… as <see cref="WithNumberedRiddles"/> makes them.
    /// </summary>
    public static TestCampaign Riddle(string id, DateTimeOffset now, int riddles = 2) =>
        Festival(id)
            .OpenBetween(now.AddHours(1), now.AddDays(2))
            .ClaimsUntil(now.AddDays(16))
            .WithRiddleActivity()
            .WithDraw("main", now.AddDays(2).AddHours(1), ["pass"], alternates: 5)
            .WithNumberedRiddles(riddles)
            .WithPrize("pass", "旅游年卡", PrizeKind.Physical, 120m, 10)
            .Created(now);

    /// <summary>
    /// 职工节日活动, open at <paramref name="now"/> for an hour, with one activity of every kind and stock of each prize:
    /// "riddles" (r1; 3 attempts, 1 right to enter draw "main" two hours on, for 3 passes), "likes" a day per candidate
    /// (zhang-san, li-si) winning <paramref name="tickets"/> movie tickets first come, judged "wishes" (1 health card),
    /// a "museum" sign-up of <paramref name="seats"/> seats with a required age group, and "steps" (top 3 win a band).
    /// </summary>
    public static TestCampaign Holiday(string id, DateTimeOffset now, int seats, int tickets = 5) =>
        Festival(id)
            .Titled("职工节日活动")
            .MembersOnly(false)
            .WithRules(new RulesDefinition { EntryConditions = "职工", AwardMethod = "抽奖与先到先得", ClaimInstructions = "填写信息", Forfeiture = "逾期递补" })
            .OpenBetween(now.AddMinutes(-1), now.AddHours(1))
            .ClaimsUntil(now.AddDays(14))
            .WithDraw("main", now.AddHours(2), ["pass"])
            .WithRiddleActivity(award: ByDraw("correctAnswers"), attemptLimit: 3, minCorrect: 1)
            .WithLikeActivity("likes", FirstCome(tickets, "ticket"), likesPer: "day")
            .WithMessageActivity("wishes", Judged(1, "card"), maxLength: 200, moderated: true, title: "节日寄语")
            .WithSignupActivity("museum", FirstCome(seats, "seat"), seats, title: "博物馆研学", fields:
                [new SignupFieldDefinition { Id = "age-group", Label = "年龄段", Options = ["6-8岁", "9-11岁"], Required = true }])
            .WithCheckinActivity("steps", TopN(3, "band"), dailyCap: 12000)
            .WithRiddle("r1", "一口咬掉牛尾巴", ["告"], hint: "打一字")
            .WithCandidate("zhang-san", "张三")
            .WithCandidate("li-si", "李四")
            .WithPrize("pass", "旅游年卡", PrizeKind.Physical, 120, 3)
            .WithPrize("ticket", "电影票", PrizeKind.Voucher, 40, tickets)
            .WithPrize("card", "体检卡", PrizeKind.Voucher, 400, 1)
            .WithPrize("seat", "研学名额", PrizeKind.Service, 120, seats)
            .WithPrize("band", "运动手环", PrizeKind.Physical, 200, 3)
            .Created(now);

    /// <summary>The Lantern Festival's draw on travel passes and its museum tickets, without activities yet.</summary>
    private static TestCampaign LanternDraw(string id) =>
        Festival(id)
            .Changed(d => d with { Rules = d.Rules! with { AwardMethod = "元宵节20:00可验证随机抽奖；博物馆门票先到先得" } })
            .WithDraw("lantern-draw", LanternFestival.DrawAt, ["travel-pass"], alternates: 5, activityIds: ["riddles"])
            .WithPrize("travel-pass", "旅游年卡", PrizeKind.Physical, 120m, 10)
            .WithPrize("museum-ticket", "博物馆门票", PrizeKind.Service, 0m, 30);
}

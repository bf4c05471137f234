using FanRewards.Core.Campaigns;

namespace FanRewards.Functions.Tests;

/// <summary>A published campaign, open now, with one activity of every kind, created through the admin service.</summary>
internal static class EntryTestCampaign
{
    public static async Task<StoredCampaign> PublishAsync(CampaignAdminService admin, string id, DateTimeOffset now, int seats,
        bool membersOnly = false, int tickets = 5, double? instantLikes = null)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        string Local(DateTimeOffset t) => CampaignTime.FormatLocal(t, zone);
        await admin.CreateAsync(new CampaignDefinition
        {
            Id = id,
            Title = "职工节日活动",
            TimeZone = zone.Id,
            MembersOnly = membersOnly,
            Schedule = new ScheduleDefinition
            {
                OpensAt = Local(now.AddMinutes(-1)),
                ClosesAt = Local(now.AddHours(1)),
                Draws = [new DrawDefinition { Id = "main", At = Local(now.AddHours(2)), PrizeIds = ["pass"] }],
                ClaimDeadline = Local(now.AddDays(14)),
            },
            Organiser = new OrganiserDefinition { Name = "省总工会", Contact = "029-87310000" },
            Rules = new RulesDefinition { EntryConditions = "职工", AwardMethod = "抽奖与先到先得", ClaimInstructions = "填写信息", Forfeiture = "逾期递补" },
            Activities =
            [
                new ActivityDefinition { Id = "riddles", Kind = ActivityKind.Riddle, Title = "猜灯谜", AttemptLimit = 3, MinCorrect = 1,
                    Award = new AwardDefinition { Mode = AwardMode.Draw, Weighting = "correctAnswers" } },
                new ActivityDefinition { Id = "likes", Kind = ActivityKind.Like, Title = "为劳模点赞", LikesPer = "day",
                    Award = instantLikes is { } p
                        ? new AwardDefinition { Mode = AwardMode.Instant, PrizeIds = ["ticket"], WinProbability = p }
                        : new AwardDefinition { Mode = AwardMode.FirstCome, PrizeIds = ["ticket"], Count = tickets } },
                new ActivityDefinition { Id = "wishes", Kind = ActivityKind.Message, Title = "节日寄语", MaxLength = 200, Moderated = true,
                    Award = new AwardDefinition { Mode = AwardMode.Judged, PrizeIds = ["card"], Count = 1 } },
                new ActivityDefinition { Id = "museum", Kind = ActivityKind.Signup, Title = "博物馆研学", Seats = seats,
                    Fields = [new SignupFieldDefinition { Id = "age-group", Label = "年龄段", Options = ["6-8岁", "9-11岁"], Required = true }],
                    Award = new AwardDefinition { Mode = AwardMode.FirstCome, PrizeIds = ["seat"], Count = seats } },
                new ActivityDefinition { Id = "steps", Kind = ActivityKind.Checkin, Title = "健步走", DailyCap = 12000, Unit = "步",
                    Award = new AwardDefinition { Mode = AwardMode.TopN, PrizeIds = ["band"], Count = 3 } },
            ],
        }, "test", CancellationToken.None);
        await admin.ReplaceRiddlesAsync(id, [new RiddleDefinition { Id = "r1", ActivityId = "riddles", Question = "一口咬掉牛尾巴", Hint = "打一字", Answers = ["告"] }],
            null, "test", CancellationToken.None);
        await admin.ReplaceCandidatesAsync(id,
        [
            new CandidateDefinition { Id = "zhang-san", ActivityId = "likes", Name = "张三" },
            new CandidateDefinition { Id = "li-si", ActivityId = "likes", Name = "李四" },
        ], null, "test", CancellationToken.None);
        await admin.ReplacePrizesAsync(id,
        [
            new PrizeDefinition { Id = "pass", Name = "旅游年卡", Kind = PrizeKind.Physical, ValueYuan = 120, Count = 3 },
            new PrizeDefinition { Id = "ticket", Name = "电影票", Kind = PrizeKind.Voucher, ValueYuan = 40, Count = tickets },
            new PrizeDefinition { Id = "card", Name = "体检卡", Kind = PrizeKind.Voucher, ValueYuan = 400, Count = 1 },
            new PrizeDefinition { Id = "seat", Name = "研学名额", Kind = PrizeKind.Service, ValueYuan = 120, Count = seats },
            new PrizeDefinition { Id = "band", Name = "运动手环", Kind = PrizeKind.Physical, ValueYuan = 200, Count = 3 },
        ], null, "test", CancellationToken.None);
        return await admin.PublishAsync(id, null, "test", CancellationToken.None);
    }
}

using FanRewards.Core.Campaigns;
using FanRewards.Core.Entries;
using Moq;

namespace FanRewards.Core.Tests.Entries;

/// <summary>
/// The Lantern Festival campaign of <see cref="TestData"/> with one activity of every entry kind: riddles (3 attempts,
/// 2 right to enter the draw, a ticket per riddle right), likes, a moderated message (at most 10 characters), a signup
/// (2 seats, a required size) and a step check-in (12,000 a day at most).
/// </summary>
internal static class EntryTestData
{
    public const string CampaignId = "lantern-2027";
    public const string SecretAsciiAnswer = "zhuque-secret";

    public static CampaignDefinition Definition() => TestData.Definition(CampaignId) with
    {
        Activities =
        [
            new ActivityDefinition
            {
                Id = "riddles", Kind = ActivityKind.Riddle, Title = "猜灯谜", AttemptLimit = 3, MinCorrect = 2,
                Award = new AwardDefinition { Mode = AwardMode.Draw, Weighting = "correctAnswers" },
            },
            new ActivityDefinition
            {
                Id = "likes", Kind = ActivityKind.Like, Title = "为劳模点赞",
                Award = new AwardDefinition { Mode = AwardMode.TopN, Count = 1, PrizeIds = ["travel-pass"] },
            },
            new ActivityDefinition
            {
                Id = "messages", Kind = ActivityKind.Message, Title = "节日留言", Moderated = true, MaxLength = 10,
                Award = new AwardDefinition { Mode = AwardMode.Draw },
            },
            new ActivityDefinition
            {
                Id = "museum-day", Kind = ActivityKind.Signup, Title = "职工子女博物馆日", Seats = 2,
                Fields =
                [
                    new SignupFieldDefinition { Id = "size", Label = "T恤尺码", Options = ["s", "m", "l"], Required = true },
                    new SignupFieldDefinition { Id = "note", Label = "备注" },
                ],
                Award = new AwardDefinition { Mode = AwardMode.FirstCome, Count = 2, PrizeIds = ["museum-ticket"] },
            },
            new ActivityDefinition
            {
                Id = "steps", Kind = ActivityKind.Checkin, Title = "健步走", DailyCap = 12_000, Unit = "步",
                Award = new AwardDefinition { Mode = AwardMode.TopN, Count = 10, PrizeIds = ["travel-pass"] },
            },
        ],
    };

    public static Campaign Campaign(Func<CampaignDefinition, CampaignDefinition>? change = null) =>
        TestData.Published(CampaignId) with
        {
            Definition = change is null ? Definition() : change(Definition()),
            Riddles =
            [
                new RiddleDefinition { Id = "r1", ActivityId = "riddles", Question = "一口咬掉牛尾巴", Hint = "打一字", Answers = ["告"] },
                new RiddleDefinition { Id = "r2", ActivityId = "riddles", Question = "中字头上一座山", Hint = "打一字", Answers = ["华", "華"] },
                new RiddleDefinition { Id = "r3", ActivityId = "riddles", Question = "南方之神", Hint = "拼音", Answers = [SecretAsciiAnswer] },
            ],
            Candidates =
            [
                new CandidateDefinition { Id = "c1", ActivityId = "likes", Name = "张师傅" },
                new CandidateDefinition { Id = "c2", ActivityId = "likes", Name = "李师傅" },
            ],
        };

    public static Mock<ICampaignStore> StoreWith(Campaign campaign)
    {
        var store = new Mock<ICampaignStore>(MockBehavior.Strict);
        store.Setup(s => s.FindAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((StoredCampaign?)null);
        store.Setup(s => s.FindAsync(campaign.Id, It.IsAny<CancellationToken>())).ReturnsAsync(new StoredCampaign(campaign, "etag-1"));
        return store;
    }

    public static async IAsyncEnumerable<T> Async<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }

    public static async Task<Problem> ProblemFrom(Func<Task> action) => (await Assert.ThrowsAsync<ProblemException>(action)).Problem;
}

/// <summary>An <see cref="IEntryStore"/> mock backed by a dictionary, with storage's insert and ETag semantics.</summary>
internal sealed class InMemoryEntries
{
    private int _version;
    public Dictionary<(int Bucket, string RowKey), EntryRecord> Rows { get; } = [];
    public Mock<IEntryStore> Mock { get; } = new(MockBehavior.Strict);

    public InMemoryEntries()
    {
        Mock.Setup(s => s.FindAsync(It.IsAny<string>(), It.IsAny<int>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string _, int bucket, string rowKey, CancellationToken _) => Task.FromResult(Rows.GetValueOrDefault((bucket, rowKey))));
        Mock.Setup(s => s.TryInsertAsync(It.IsAny<EntryRecord>(), It.IsAny<CancellationToken>()))
            .Returns((EntryRecord entry, CancellationToken _) => Task.FromResult(Insert(entry)));
        Mock.Setup(s => s.TryReplaceAsync(It.IsAny<EntryRecord>(), It.IsAny<CancellationToken>()))
            .Returns((EntryRecord entry, CancellationToken _) => Task.FromResult(Replace(entry)));
        Mock.Setup(s => s.ListForEntrantAsync(It.IsAny<string>(), It.IsAny<int>(), It.IsAny<string>(), It.IsAny<IEnumerable<string>>(), It.IsAny<CancellationToken>()))
            .Returns((string campaignId, int bucket, string pseudonym, IEnumerable<string> activityIds, CancellationToken _) =>
                Task.FromResult<IReadOnlyList<EntryRecord>>(Rows.Values
                    .Where(e => e.CampaignId == campaignId && e.Bucket == bucket && e.Pseudonym == pseudonym && activityIds.Contains(e.ActivityId))
                    .OrderBy(e => e.RowKey, StringComparer.Ordinal).ToList()));
    }

    public string NextETag() => $"v{++_version}";

    public string? Insert(EntryRecord entry)
    {
        if (Rows.ContainsKey((entry.Bucket, entry.RowKey))) return null;
        var etag = NextETag();
        Rows[(entry.Bucket, entry.RowKey)] = entry with { ETag = etag };
        return etag;
    }

    public string? Replace(EntryRecord entry)
    {
        if (!Rows.TryGetValue((entry.Bucket, entry.RowKey), out var current) || current.ETag != entry.ETag) return null;
        var etag = NextETag();
        Rows[(entry.Bucket, entry.RowKey)] = entry with { ETag = etag };
        return etag;
    }

    public void VerifyNoWrites()
    {
        Mock.Verify(s => s.TryInsertAsync(It.IsAny<EntryRecord>(), It.IsAny<CancellationToken>()), Times.Never);
        Mock.Verify(s => s.TryReplaceAsync(It.IsAny<EntryRecord>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}

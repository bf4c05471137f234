using FanRewards.Core.Campaigns;
using FanRewards.Core.Entries;
using Moq;
using static FanRewards.Core.Tests.Entries.EntryTestData;

namespace FanRewards.Core.Tests.Entries;

public class LeaderboardServiceTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);
    // 2027-02-20 00:30 in Shanghai, still the 19th in UTC.
    private readonly ManualClock _clock = new(new DateTimeOffset(2027, 2, 19, 16, 30, 0, TimeSpan.Zero));
    private readonly Mock<IEntryStore> _entries = new(MockBehavior.Strict);
    private readonly List<EntryRecord> _likes = [];
    private readonly List<EntryRecord> _checkins = [];
    private readonly LeaderboardService _service;

    public LeaderboardServiceTests()
    {
        var catalog = new PublicCampaignCatalog(StoreWith(Campaign()).Object, _clock, new CampaignCacheOptions());
        _entries.Setup(s => s.ScanActivityAsync(CampaignId, 16, "likes", null, It.IsAny<CancellationToken>())).Returns(() => Async(_likes.ToList()));
        _entries.Setup(s => s.ScanActivityAsync(CampaignId, 16, "steps", null, It.IsAny<CancellationToken>())).Returns(() => Async(_checkins.ToList()));
        _service = new LeaderboardService(catalog, _entries.Object, _clock, new LeaderboardOptions { TimeToLive = Ttl, TopEntrants = 3 });
    }

    private static EntryRecord Entry(string activityId, string entrantId, DateTimeOffset at) => new()
    {
        CampaignId = CampaignId, Bucket = 0, RowKey = $"{activityId}:{entrantId}", ActivityId = activityId, Kind = activityId,
        EntrantId = entrantId, Pseudonym = Pseudonym.Of(CampaignId, entrantId), AcceptedAt = at,
    };

    private void Like(string entrantId, string candidateId, string day) =>
        _likes.Add(Entry("likes", entrantId, _clock.Now) with { CandidateId = candidateId, Day = day });

    private void CheckIn(string entrantId, long value, DateTimeOffset at) =>
        _checkins.Add(Entry("steps", entrantId, at) with { Value = value, Day = at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd") });

    private void VerifyScans(string activityId, int times) =>
        _entries.Verify(s => s.ScanActivityAsync(CampaignId, 16, activityId, null, It.IsAny<CancellationToken>()), Times.Exactly(times));

    [Fact]
    public async Task Likes_are_counted_per_candidate_in_total_and_for_today_in_the_campaigns_zone()
    {
        Like("e1", "c1", "2027-02-20");
        Like("e2", "c1", "2027-02-20");
        Like("e1", "c1", "2027-02-19");
        Like("e3", "c1", "2027-02-19");
        Like("e4", "c1", "2027-02-19");
        Like("e1", "c2", "2027-02-20");

        var board = (await _service.GetAsync(CampaignId, Ct)).Activities.Single(a => a.ActivityId == "likes");

        Assert.Equal("like", board.Kind);
        Assert.Equal(new[]
        {
            new LeaderboardRow("c1", "张师傅", 5, 2),
            new LeaderboardRow("c2", "李师傅", 1, 1),
        }, board.Rows);
    }

    [Fact]
    public async Task Candidates_without_likes_are_listed_with_zero_and_ties_go_by_id()
    {
        var board = (await _service.GetAsync(CampaignId, Ct)).Activities.Single(a => a.ActivityId == "likes");

        Assert.Equal(new[] { new LeaderboardRow("c1", "张师傅", 0, 0), new LeaderboardRow("c2", "李师傅", 0, 0) }, board.Rows);
    }

    [Fact]
    public async Task The_checkin_top_list_is_ordered_by_total_then_by_who_got_there_first()
    {
        var t0 = new DateTimeOffset(2027, 2, 13, 0, 0, 0, TimeSpan.Zero);
        CheckIn("late", 8000, t0);
        CheckIn("late", 7000, t0.AddDays(1).AddHours(5));   // 15,000, reached later
        CheckIn("early", 9000, t0);
        CheckIn("early", 6000, t0.AddDays(1).AddHours(1));  // 15,000, reached first
        CheckIn("leader", 12000, t0);
        CheckIn("leader", 12000, t0.AddDays(1).AddHours(9)); // 24,000
        CheckIn("fourth", 100, t0);                           // beyond the top 3

        var board = (await _service.GetAsync(CampaignId, Ct)).Activities.Single(a => a.ActivityId == "steps");

        Assert.Equal("checkin", board.Kind);
        Assert.Equal(new[] { "leader", "early", "late" }.Select(e => Pseudonym.Of(CampaignId, e)[..12]), board.Rows.Select(r => r.Id));
        Assert.Equal(new long[] { 24000, 15000, 15000 }, board.Rows.Select(r => r.Total));
    }

    [Fact]
    public async Task Checkin_rows_show_a_twelve_character_pseudonym_prefix_never_an_entrant_id()
    {
        CheckIn("wx_Zhang.01@union", 5000, _clock.Now);
        CheckIn("wx_li", 3000, _clock.Now);

        var leaderboard = await _service.GetAsync(CampaignId, Ct);
        var rows = leaderboard.Activities.Single(a => a.ActivityId == "steps").Rows;

        Assert.All(rows, r =>
        {
            Assert.Matches("^[0-9a-f]{12}$", r.Id);
            Assert.Null(r.Name);
            Assert.Null(r.Today);
        });
        Assert.Equal(Pseudonym.Of(CampaignId, "wx_Zhang.01@union")[..12], rows[0].Id);
        var json = System.Text.Json.JsonSerializer.Serialize(leaderboard);
        Assert.DoesNotContain("wx_Zhang", json);
        Assert.DoesNotContain("wx_li", json);
    }

    [Fact]
    public async Task The_board_shows_when_it_was_counted_in_the_campaigns_zone()
    {
        var leaderboard = await _service.GetAsync(CampaignId, Ct);
        Assert.Equal("2027-02-20T00:30:00+08:00", leaderboard.CountedAt);
        Assert.Equal(new[] { "likes", "steps" }, leaderboard.Activities.Select(a => a.ActivityId));
    }

    [Fact]
    public async Task A_second_call_within_the_ttl_does_not_scan_again()
    {
        Like("e1", "c1", "2027-02-20");
        var first = await _service.GetAsync(CampaignId, Ct);
        Like("e2", "c1", "2027-02-20");
        _clock.Advance(Ttl - TimeSpan.FromSeconds(1));

        var second = await _service.GetAsync(CampaignId, Ct);

        Assert.Same(first, second);
        VerifyScans("likes", 1);
        VerifyScans("steps", 1);
    }

    [Fact]
    public async Task After_the_ttl_the_board_is_recounted()
    {
        Like("e1", "c1", "2027-02-20");
        await _service.GetAsync(CampaignId, Ct);
        Like("e2", "c1", "2027-02-20");
        _clock.Advance(Ttl);

        var recounted = await _service.GetAsync(CampaignId, Ct);

        Assert.Equal(2, recounted.Activities.Single(a => a.ActivityId == "likes").Rows[0].Total);
        VerifyScans("likes", 2);
    }

    [Fact]
    public async Task Concurrent_readers_share_one_scan()
    {
        var boards = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => _service.GetAsync(CampaignId, Ct))));

        Assert.All(boards, b => Assert.Same(boards[0], b));
        VerifyScans("likes", 1);
    }

    [Fact]
    public async Task An_unknown_campaign_is_404() =>
        Assert.Equal(404, (await ProblemFrom(() => _service.GetAsync("no-such", Ct))).Status);
}

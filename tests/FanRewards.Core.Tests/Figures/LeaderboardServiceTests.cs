using FanRewards.Core.Campaigns;
using FanRewards.Core.Entries;
using FanRewards.Core.Figures;
using static FanRewards.Core.Tests.Support.TestStores;
using static FanRewards.Testing.TestCampaign;

namespace FanRewards.Core.Tests.Figures;

/// <summary>The public leaderboard read from the stored tallies: what it shows, in what order, and what it reads.</summary>
public class LeaderboardServiceTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);
    // 2027-02-20 00:30 in Shanghai, still the 19th in UTC.
    private readonly ManualClock _clock = new(new DateTimeOffset(2027, 2, 19, 16, 30, 0, TimeSpan.Zero));
    private readonly Tallies _tallies = new();
    private readonly LeaderboardService _service;

    public LeaderboardServiceTests()
    {
        var catalog = new PublicCampaignCatalog(new CachingCampaignStore(StoreWith(EveryKind().Build()).Object, _clock, new CampaignCacheOptions()), _clock);
        _service = new LeaderboardService(catalog, _tallies, _clock, new LeaderboardOptions { TimeToLive = Ttl, TopEntrants = 3 });
    }

    private void Like(string candidateId, string day) => _tallies.Likes.AddRange(
        [new BoardCount("likes", candidateId, null, 1), new BoardCount("likes", candidateId, day, 1)]);

    private void Total(string entrantId, long total, DateTimeOffset reachedAt) =>
        _tallies.Top.Add(new EntrantTotal(Pseudonym.Of(CampaignId, entrantId, (string?)null), total, reachedAt));

    [Fact]
    public async Task Likes_are_shown_per_candidate_in_total_and_for_today_in_the_campaigns_zone()
    {
        Like("c1", "2027-02-20");
        Like("c1", "2027-02-20");
        Like("c1", "2027-02-19");
        Like("c1", "2027-02-19");
        Like("c1", "2027-02-19");
        Like("c2", "2027-02-20");

        var board = (await _service.GetAsync(CampaignId, Ct)).Activities.Single(a => a.ActivityId == "likes");

        Assert.Equal(ActivityKind.Like, board.Kind);
        Assert.Equal(
        [
            new LeaderboardRow("c1", "张师傅", 5, 2),
            new LeaderboardRow("c2", "李师傅", 1, 1),
        ], board.Rows);
    }

    [Fact]
    public async Task Candidates_without_likes_are_listed_with_zero_and_ties_go_by_id()
    {
        var board = (await _service.GetAsync(CampaignId, Ct)).Activities.Single(a => a.ActivityId == "likes");

        Assert.Equal([new LeaderboardRow("c1", "张师傅", 0, 0), new LeaderboardRow("c2", "李师傅", 0, 0)], board.Rows);
    }

    [Fact]
    public async Task The_checkin_top_list_is_ordered_by_total_then_by_who_got_there_first()
    {
        var t0 = new DateTimeOffset(2027, 2, 13, 0, 0, 0, TimeSpan.Zero);
        Total("late", 15000, t0.AddDays(1).AddHours(5));
        Total("early", 15000, t0.AddDays(1).AddHours(1));
        Total("leader", 24000, t0.AddDays(1).AddHours(9));
        Total("fourth", 100, t0); // beyond the top 3

        var board = (await _service.GetAsync(CampaignId, Ct)).Activities.Single(a => a.ActivityId == "steps");

        Assert.Equal(ActivityKind.Checkin, board.Kind);
        Assert.Equal(new[] { "leader", "early", "late" }.Select(e => Pseudonym.Of(CampaignId, e, (string?)null)[..12]), board.Rows.Select(r => r.Id));
        Assert.Equal([24000, 15000, 15000], board.Rows.Select(r => r.Total));
    }

    [Fact]
    public async Task Checkin_rows_show_a_twelve_character_pseudonym_prefix_never_an_entrant_id()
    {
        Total("wx_Zhang.01@union", 5000, _clock.Now);
        Total("wx_li", 3000, _clock.Now);

        var leaderboard = await _service.GetAsync(CampaignId, Ct);
        var rows = leaderboard.Activities.Single(a => a.ActivityId == "steps").Rows;

        Assert.All(rows, r =>
        {
            Assert.Matches("^[0-9a-f]{12}$", r.Id);
            Assert.Null(r.Name);
            Assert.Null(r.Today);
        });
        Assert.Equal(Pseudonym.Of(CampaignId, "wx_Zhang.01@union", (string?)null)[..12], rows[0].Id);
        var json = System.Text.Json.JsonSerializer.Serialize(leaderboard);
        Assert.DoesNotContain("wx_Zhang", json);
        Assert.DoesNotContain("wx_li", json);
    }

    [Fact]
    public async Task The_board_shows_when_it_was_read_in_the_campaigns_zone()
    {
        var leaderboard = await _service.GetAsync(CampaignId, Ct);
        Assert.Equal("2027-02-20T00:30:00+08:00", leaderboard.CountedAt);
        Assert.Equal(["likes", "steps"], leaderboard.Activities.Select(a => a.ActivityId));
    }

    [Fact]
    public async Task A_board_costs_two_tally_reads_per_like_activity_and_one_per_checkin_activity_however_many_likes()
    {
        for (var i = 0; i < 10_000; i++) Like(i % 3 == 0 ? "c2" : "c1", "2027-02-20");

        var board = await _service.GetAsync(CampaignId, Ct);

        Assert.Equal(10_000, board.Activities.Single(a => a.ActivityId == "likes").Rows.Sum(r => r.Total));
        Assert.Equal(3, _tallies.Reads); // likes: totals and today's; steps: the top list
    }

    [Fact]
    public async Task A_second_call_within_the_ttl_reads_nothing_and_after_it_reads_again()
    {
        Like("c1", "2027-02-20");
        var first = await _service.GetAsync(CampaignId, Ct);
        Like("c1", "2027-02-20");
        _clock.Advance(Ttl - TimeSpan.FromSeconds(1));

        var second = await _service.GetAsync(CampaignId, Ct);
        Assert.Same(first, second);
        Assert.Equal(3, _tallies.Reads);

        _clock.Advance(TimeSpan.FromSeconds(1));
        var third = await _service.GetAsync(CampaignId, Ct);
        Assert.Equal(2, third.Activities.Single(a => a.ActivityId == "likes").Rows[0].Total);
        Assert.Equal(6, _tallies.Reads);
    }

    [Fact]
    public async Task Concurrent_readers_share_one_read()
    {
        var boards = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => _service.GetAsync(CampaignId, Ct))));

        Assert.All(boards, b => Assert.Same(boards[0], b));
        Assert.Equal(3, _tallies.Reads);
    }

    [Fact]
    public async Task An_unknown_campaign_is_404() =>
        Assert.Equal(404, (await ProblemFrom(() => _service.GetAsync("no-such", Ct))).Status);

    [Fact]
    public void Merging_keeps_each_entrants_largest_total_and_the_best_few_in_any_order_and_any_number_of_times()
    {
        var t0 = new DateTimeOffset(2027, 2, 13, 0, 0, 0, TimeSpan.Zero);
        var a1 = new EntrantTotal("a", 1000, t0);
        var a2 = new EntrantTotal("a", 5000, t0.AddDays(1));
        var b = new EntrantTotal("b", 3000, t0);
        var c = new EntrantTotal("c", 3000, t0.AddHours(1));
        var d = new EntrantTotal("d", 10, t0);

        var inOrder = EntrantTotal.Merge(EntrantTotal.Merge([a1, b], [c, d], 3), [a2], 3);
        var backwards = EntrantTotal.Merge(EntrantTotal.Merge([a2], [d, c], 3), [a1, b, a2], 3);

        Assert.Equal([a2, b, c], inOrder);
        Assert.Equal(inOrder, backwards);
        Assert.Equal(inOrder, EntrantTotal.Merge(inOrder, inOrder, 3));
    }

    /// <summary>Tallies in memory, counting the reads the board makes.</summary>
    private sealed class Tallies : IFigureStore
    {
        private int _reads;
        public List<BoardCount> Likes { get; } = [];
        public List<EntrantTotal> Top { get; } = [];
        public int Reads => Volatile.Read(ref _reads);

        public Task<IReadOnlyList<BoardCount>> ReadBoardAsync(string campaignId, string activityId, string? day, CancellationToken ct)
        {
            Interlocked.Increment(ref _reads);
            return Task.FromResult<IReadOnlyList<BoardCount>>(Likes.Where(l => l.ActivityId == activityId && l.Day == day)
                .GroupBy(l => l.CandidateId).Select(g => new BoardCount(activityId, g.Key, day, g.Sum(l => l.Count))).ToList());
        }

        public Task<IReadOnlyList<EntrantTotal>> ReadTopEntrantsAsync(string campaignId, string activityId, CancellationToken ct)
        {
            Interlocked.Increment(ref _reads);
            return Task.FromResult<IReadOnlyList<EntrantTotal>>(Top.ToList());
        }

        public Task AddAsync(string campaignId, FlushStamp stamp, IReadOnlyList<FigureCount> counts, CancellationToken ct) => throw new NotSupportedException();
        public Task<IReadOnlyList<FigureCount>> ReadAsync(string campaignId, CancellationToken ct) => throw new NotSupportedException();
        public Task AddBoardAsync(string campaignId, FlushStamp stamp, IReadOnlyList<BoardCount> counts, CancellationToken ct) => throw new NotSupportedException();
        public Task<WithdrawnLikes> FindWithdrawnLikesAsync(string campaignId, string stampSource, CancellationToken ct) => throw new NotSupportedException();
        public Task WithdrawLikesAsync(string campaignId, string stampSource, IReadOnlyList<LikeToWithdraw> likes, CancellationToken ct) => throw new NotSupportedException();
        public Task MergeTopEntrantsAsync(string campaignId, string activityId, IReadOnlyList<EntrantTotal> totals, int keep, CancellationToken ct) =>
            throw new NotSupportedException();
    }
}

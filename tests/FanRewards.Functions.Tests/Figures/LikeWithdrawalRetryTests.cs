using FanRewards.Core.Entries;
using FanRewards.Core.Figures;
using FanRewards.Storage;

namespace FanRewards.Functions.Tests.Figures;

/// <summary>
/// A disqualified entrant's likes leave the leaderboard once, whatever dies and whatever lands in between (Azurite): a
/// withdrawal that died after its first chunk, a like of theirs landing meanwhile (another instance's copy of the
/// disqualifications is up to 30 s old), then the retry: the tallies are the other entrants' likes, no more, no less.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LikeWithdrawalRetryTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Start = DrawScenario.Start;

    [Fact]
    public async Task A_retry_after_a_withdrawal_died_midway_subtracts_every_like_once_including_one_that_landed_in_between()
    {
        var s = await DrawScenario.CreateAsync(azurite);
        const string campaignId = "withdraw-retry";
        s.Clock.Now = Start;
        // 60 candidates: the cheat's 55 daily likes are 110 tallies (total and day), more than one add takes.
        var candidates = Enumerable.Range(1, 60).Select(i => $"c-{i:D2}").ToList();
        await candidates.Aggregate(TestCampaign.Holiday(campaignId, Start, seats: 10), (c, id) => c.WithCandidate(id, id)).PublishThroughAsync(s.Admin);
        var campaign = await s.CampaignAsync(campaignId);
        var cheat = new Entrant("cheat", false);
        foreach (var candidate in candidates.Skip(1).Take(55)) await LikeAsync(s, candidate, cheat);
        foreach (var candidate in candidates.Take(3)) await LikeAsync(s, candidate, new Entrant("fan", false));
        await s.Figures.FlushAsync(CancellationToken.None);
        var board = new TableFigureStore(s.Tables);

        // The first attempt lands its first chunk and dies before the second.
        var dying = new DyingBoardAdds(board, landing: 1);
        await Assert.ThrowsAsync<IOException>(() => new LikeWithdrawal(new TableEntryStore(s.Tables), dying).WithdrawAsync(campaign,
            campaign.PseudonymOf(cheat.Id), CancellationToken.None));
        Assert.Equal(1, dying.Landed);
        // A like of theirs lands meanwhile, on the candidate whose tallies sort first.
        await LikeAsync(s, candidates[0], cheat);
        await s.Figures.FlushAsync(CancellationToken.None);

        var withdrawn = await new LikeWithdrawal(new TableEntryStore(s.Tables), board).WithdrawAsync(campaign, campaign.PseudonymOf(cheat.Id), CancellationToken.None);
        var again = await new LikeWithdrawal(new TableEntryStore(s.Tables), board).WithdrawAsync(campaign, campaign.PseudonymOf(cheat.Id), CancellationToken.None);

        Assert.Equal((56, 56), (withdrawn, again));
        var day = Core.Entering.EntryService.LocalDay(Start, campaign);
        var fanOnly = candidates.Take(3).ToDictionary(c => c, _ => 1L);
        Assert.Equal(fanOnly, await TalliesAsync(board, null));
        Assert.Equal(fanOnly, await TalliesAsync(board, day));
    }

    [Fact]
    public async Task A_withdrawal_recorded_before_positions_is_not_subtracted_again()
    {
        var s = await DrawScenario.CreateAsync(azurite);
        const string campaignId = "withdraw-retry";
        s.Clock.Now = Start;
        var candidates = new[] { "c-01", "c-02", "c-03" };
        await candidates.Aggregate(TestCampaign.Holiday(campaignId, Start, seats: 10), (c, id) => c.WithCandidate(id, id)).PublishThroughAsync(s.Admin);
        var campaign = await s.CampaignAsync(campaignId);
        var cheat = new Entrant("cheat", false);
        foreach (var candidate in candidates) await LikeAsync(s, candidate, cheat);
        foreach (var candidate in candidates) await LikeAsync(s, candidate, new Entrant("fan", false));
        await s.Figures.FlushAsync(CancellationToken.None);
        var board = new TableFigureStore(s.Tables);
        // The code before positions withdrew the likes in one chunk, stamped with its counter: 1.
        var day = Core.Entering.EntryService.LocalDay(Start, campaign);
        await board.AddBoardAsync(campaignId, new FlushStamp(LikeWithdrawal.StampPrefix + campaign.PseudonymOf(cheat.Id), 1),
            [.. candidates.SelectMany(c => new[] { new BoardCount("likes", c, null, -1), new BoardCount("likes", c, day, -1) })], CancellationToken.None);

        var withdrawn = await new LikeWithdrawal(new TableEntryStore(s.Tables), board).WithdrawAsync(campaign, campaign.PseudonymOf(cheat.Id), CancellationToken.None);

        Assert.Equal(3, withdrawn);
        var fanOnly = candidates.ToDictionary(c => c, _ => 1L);
        Assert.Equal(fanOnly, await TalliesAsync(board, null));
        Assert.Equal(fanOnly, await TalliesAsync(board, day));
    }

    private static async Task LikeAsync(DrawScenario s, string candidate, Entrant entrant)
    {
        s.Clock.Now += TimeSpan.FromSeconds(2);
        Assert.True((await s.Entries.LikeAsync("withdraw-retry", candidate, entrant, CancellationToken.None)).Counted);
    }

    /// <summary>The candidates' tallies (those left at zero dropped), totals when <paramref name="day"/> is null.</summary>
    private static async Task<Dictionary<string, long>> TalliesAsync(TableFigureStore board, string? day) =>
        (await board.ReadBoardAsync("withdraw-retry", "likes", day, CancellationToken.None)).Where(c => c.Count != 0).ToDictionary(c => c.CandidateId, c => c.Count);

    /// <summary>The figure store, except that board adds after the first <paramref name="landing"/> fail as a dying instance would.</summary>
    private sealed class DyingBoardAdds(IFigureStore inner, int landing) : IFigureStore
    {
        public int Landed { get; private set; }

        public async Task AddBoardAsync(string campaignId, FlushStamp stamp, IReadOnlyList<BoardCount> counts, CancellationToken ct)
        {
            if (Landed == landing) throw new IOException("The instance died.");
            await inner.AddBoardAsync(campaignId, stamp, counts, ct);
            Landed++;
        }

        public Task<long> FindBoardStampAsync(string campaignId, string stampSource, CancellationToken ct) => inner.FindBoardStampAsync(campaignId, stampSource, ct);
        public Task AddAsync(string campaignId, FlushStamp stamp, IReadOnlyList<FigureCount> counts, CancellationToken ct) => inner.AddAsync(campaignId, stamp, counts, ct);
        public Task<IReadOnlyList<FigureCount>> ReadAsync(string campaignId, CancellationToken ct) => inner.ReadAsync(campaignId, ct);
        public Task<IReadOnlyList<BoardCount>> ReadBoardAsync(string campaignId, string activityId, string? day, CancellationToken ct) =>
            inner.ReadBoardAsync(campaignId, activityId, day, ct);
        public Task MergeTopEntrantsAsync(string campaignId, string activityId, IReadOnlyList<EntrantTotal> totals, int keep, CancellationToken ct) =>
            inner.MergeTopEntrantsAsync(campaignId, activityId, totals, keep, ct);
        public Task<IReadOnlyList<EntrantTotal>> ReadTopEntrantsAsync(string campaignId, string activityId, CancellationToken ct) =>
            inner.ReadTopEntrantsAsync(campaignId, activityId, ct);
    }
}

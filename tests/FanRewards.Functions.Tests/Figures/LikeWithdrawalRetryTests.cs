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
        var landed = 0;
        var dying = new InterceptedFigures(board) { BeforeWithdraw = () => landed++ == 1 ? throw new IOException("The instance died.") : Task.CompletedTask };
        await Assert.ThrowsAsync<IOException>(() => Withdrawal(s, dying).WithdrawAsync(campaign,
            campaign.PseudonymOf(cheat.Id), CancellationToken.None));
        Assert.Equal(2, landed); // the first chunk landed, the second died
        // A like of theirs lands meanwhile, on the candidate whose tallies sort first.
        await LikeAsync(s, candidates[0], cheat);
        await s.Figures.FlushAsync(CancellationToken.None);

        var withdrawn = await Withdrawal(s, board).WithdrawAsync(campaign, campaign.PseudonymOf(cheat.Id), CancellationToken.None);
        var again = await Withdrawal(s, board).WithdrawAsync(campaign, campaign.PseudonymOf(cheat.Id), CancellationToken.None);

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

        var withdrawn = await Withdrawal(s, board).WithdrawAsync(campaign, campaign.PseudonymOf(cheat.Id), CancellationToken.None);

        Assert.Equal(3, withdrawn);
        var fanOnly = candidates.ToDictionary(c => c, _ => 1L);
        Assert.Equal(fanOnly, await TalliesAsync(board, null));
        Assert.Equal(fanOnly, await TalliesAsync(board, day));
    }

    [Fact]
    public async Task A_like_landing_late_behind_a_newer_withdrawn_one_is_subtracted_by_the_rerun_and_a_repeat_changes_nothing()
    {
        var (s, campaign, board) = await ThreeCandidatesAsync();
        var cheat = new Entrant("cheat", false);
        s.Clock.Now = Start.AddSeconds(30);
        await LikeAsync(s, "c-02", cheat);
        await LikeAsync(s, "c-03", cheat);
        await s.Figures.FlushAsync(CancellationToken.None);
        var withdrawal = Withdrawal(s, board);
        Assert.Equal(2, await withdrawal.WithdrawAsync(campaign, campaign.PseudonymOf(cheat.Id), CancellationToken.None));

        // Accepted before the withdrawn ones (another instance's clock behind, or the row still queued in its insert
        // batcher), landed after the withdrawal.
        s.Clock.Now = Start;
        await LikeAsync(s, "c-01", cheat);
        await s.Figures.FlushAsync(CancellationToken.None);
        Assert.Equal(3, await withdrawal.WithdrawAsync(campaign, campaign.PseudonymOf(cheat.Id), CancellationToken.None));
        var marker = await MarkerAsync(s, campaign, cheat);
        Assert.Equal(3, await withdrawal.WithdrawAsync(campaign, campaign.PseudonymOf(cheat.Id), CancellationToken.None));

        Assert.Equal(marker.ETag, (await MarkerAsync(s, campaign, cheat)).ETag); // the repeat wrote nothing
        await AssertFanOnlyAsync(board, campaign);
    }

    [Fact]
    public async Task Two_withdrawals_racing_with_a_like_landing_between_their_reads_subtract_each_like_once()
    {
        var (s, campaign, board) = await ThreeCandidatesAsync();
        var cheat = new Entrant("cheat", false);
        await LikeAsync(s, "c-01", cheat);
        await LikeAsync(s, "c-02", cheat);
        await s.Figures.FlushAsync(CancellationToken.None);

        // The first has read the entrant's likes and waits before it reads the marker; the second reads after a like landed
        // and waits before it writes, so the first lands first, then the second with the stale marker it read.
        var (firstMayRead, secondMayWrite) = (new TaskCompletionSource(), new TaskCompletionSource());
        var (firstListed, secondRead) = (new TaskCompletionSource(), new TaskCompletionSource());
        var first = Withdrawal(s, new InterceptedFigures(board)
        {
            BeforeFind = async () => { firstListed.SetResult(); await firstMayRead.Task; },
        }).WithdrawAsync(campaign, campaign.PseudonymOf(cheat.Id), CancellationToken.None);
        await firstListed.Task;
        await LikeAsync(s, "c-03", cheat);
        await s.Figures.FlushAsync(CancellationToken.None);
        var second = Withdrawal(s, new InterceptedFigures(board)
        {
            BeforeWithdraw = async () => { secondRead.TrySetResult(); await secondMayWrite.Task; },
        }).WithdrawAsync(campaign, campaign.PseudonymOf(cheat.Id), CancellationToken.None);
        await secondRead.Task;
        firstMayRead.SetResult();
        Assert.Equal(2, await first);
        secondMayWrite.SetResult();
        Assert.Equal(3, await second);

        await AssertFanOnlyAsync(board, campaign);
    }

    [Fact]
    public async Task A_withdrawal_recorded_as_a_position_subtracts_only_the_likes_after_it_then_holds_them_all()
    {
        var (s, campaign, board) = await ThreeCandidatesAsync();
        var cheat = new Entrant("cheat", false);
        foreach (var candidate in new[] { "c-01", "c-02", "c-03" }) await LikeAsync(s, candidate, cheat);
        await s.Figures.FlushAsync(CancellationToken.None);
        // The code of positions withdrew the first two in one chunk, stamped with the second's position.
        var day = Core.Entering.EntryService.LocalDay(Start, campaign);
        var secondAt = (Start.AddSeconds(4).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 256;
        await board.AddBoardAsync(campaign.Id, new FlushStamp(LikeWithdrawal.StampPrefix + campaign.PseudonymOf(cheat.Id), secondAt),
            [.. new[] { "c-01", "c-02" }.SelectMany(c => new[] { new BoardCount("likes", c, null, -1), new BoardCount("likes", c, day, -1) })], CancellationToken.None);

        var withdrawal = Withdrawal(s, board);
        Assert.Equal(3, await withdrawal.WithdrawAsync(campaign, campaign.PseudonymOf(cheat.Id), CancellationToken.None));
        Assert.Equal(3, await withdrawal.WithdrawAsync(campaign, campaign.PseudonymOf(cheat.Id), CancellationToken.None));

        Assert.Equal(3, (await board.FindWithdrawnLikesAsync(campaign.Id, LikeWithdrawal.StampPrefix + campaign.PseudonymOf(cheat.Id), CancellationToken.None)).Ids?.Count);
        await AssertFanOnlyAsync(board, campaign);
    }

    [Fact]
    public async Task A_like_landing_in_the_window_after_a_withdrawal_is_subtracted_by_its_second_run()
    {
        var (s, campaign, board) = await ThreeCandidatesAsync();
        var cheat = new Entrant("cheat", false);
        await LikeAsync(s, "c-01", cheat);
        await s.Figures.FlushAsync(CancellationToken.None);
        Assert.Equal(1, await Withdrawal(s, board).WithdrawAsync(campaign, campaign.PseudonymOf(cheat.Id), CancellationToken.None));

        // Instances whose copy of the disqualifications is up to 30 s old accept two more.
        await LikeAsync(s, "c-02", cheat);
        await LikeAsync(s, "c-03", cheat);
        await s.Figures.FlushAsync(CancellationToken.None);
        var sweep = new LikeWithdrawalSweep(Withdrawal(s, board), s.Campaigns, s.Due);
        Assert.True(LikeWithdrawal.RunAgainAfter >= Core.Awards.AwardService.DisqualifiedFreshFor + TimeSpan.FromSeconds(30));
        Assert.Equal(0, await sweep.SweepAsync(CancellationToken.None)); // not due yet: the window is still open
        s.Clock.Now += LikeWithdrawal.RunAgainAfter + TimeSpan.FromMinutes(1);

        Assert.Equal(1, await sweep.SweepAsync(CancellationToken.None));
        Assert.Equal(0, await sweep.SweepAsync(CancellationToken.None)); // done: its mark is gone
        await AssertFanOnlyAsync(board, campaign);
    }

    private static LikeWithdrawal Withdrawal(DrawScenario s, IFigureStore board) => new(new TableEntryStore(s.Tables), board, s.Due);

    /// <summary>A campaign of three candidates, each liked once by a fan: the tallies every test ends with.</summary>
    private async Task<(DrawScenario S, Core.Campaigns.Campaign Campaign, TableFigureStore Board)> ThreeCandidatesAsync()
    {
        var s = await DrawScenario.CreateAsync(azurite);
        s.Clock.Now = Start;
        var candidates = new[] { "c-01", "c-02", "c-03" };
        await candidates.Aggregate(TestCampaign.Holiday("withdraw-retry", Start, seats: 10), (c, id) => c.WithCandidate(id, id)).PublishThroughAsync(s.Admin);
        var campaign = await s.CampaignAsync("withdraw-retry");
        foreach (var candidate in candidates) await LikeAsync(s, candidate, new Entrant("fan", false));
        s.Clock.Now = Start;
        return (s, campaign, new TableFigureStore(s.Tables));
    }

    private static async Task AssertFanOnlyAsync(TableFigureStore board, Core.Campaigns.Campaign campaign)
    {
        var fanOnly = new[] { "c-01", "c-02", "c-03" }.ToDictionary(c => c, _ => 1L);
        Assert.Equal(fanOnly, await TalliesAsync(board, null));
        Assert.Equal(fanOnly, await TalliesAsync(board, Core.Entering.EntryService.LocalDay(Start, campaign)));
    }

    /// <summary>The entrant's withdrawal marker row as stored.</summary>
    private static async Task<Azure.Data.Tables.TableEntity> MarkerAsync(DrawScenario s, Core.Campaigns.Campaign campaign, Entrant entrant) =>
        await s.Tables.CampaignState.GetEntityAsync<Azure.Data.Tables.TableEntity>($"{campaign.Id}:board", "flush|" + LikeWithdrawal.StampPrefix + campaign.PseudonymOf(entrant.Id));

    private static async Task LikeAsync(DrawScenario s, string candidate, Entrant entrant)
    {
        s.Clock.Now += TimeSpan.FromSeconds(2);
        Assert.True((await s.Entries.LikeAsync("withdraw-retry", candidate, entrant, CancellationToken.None)).Counted);
    }

    /// <summary>The candidates' tallies (those left at zero dropped), totals when <paramref name="day"/> is null.</summary>
    private static async Task<Dictionary<string, long>> TalliesAsync(TableFigureStore board, string? day) =>
        (await board.ReadBoardAsync("withdraw-retry", "likes", day, CancellationToken.None)).Where(c => c.Count != 0).ToDictionary(c => c.CandidateId, c => c.Count);

    /// <summary>The figure store, with a hook run before the marker is read and before each withdrawing transaction (to hold or fail it).</summary>
    private sealed class InterceptedFigures(IFigureStore inner) : IFigureStore
    {
        public Func<Task> BeforeFind { get; init; } = () => Task.CompletedTask;
        public Func<Task> BeforeWithdraw { get; init; } = () => Task.CompletedTask;

        public async Task<WithdrawnLikes> FindWithdrawnLikesAsync(string campaignId, string stampSource, CancellationToken ct)
        {
            await BeforeFind();
            return await inner.FindWithdrawnLikesAsync(campaignId, stampSource, ct);
        }

        public async Task WithdrawLikesAsync(string campaignId, string stampSource, IReadOnlyList<LikeToWithdraw> likes, CancellationToken ct)
        {
            await BeforeWithdraw();
            await inner.WithdrawLikesAsync(campaignId, stampSource, likes, ct);
        }

        public Task AddBoardAsync(string campaignId, FlushStamp stamp, IReadOnlyList<BoardCount> counts, CancellationToken ct) => inner.AddBoardAsync(campaignId, stamp, counts, ct);
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

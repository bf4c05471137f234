using FanRewards.Core.Entering;
using FanRewards.Core.Entries;
using FanRewards.Core.Figures;
using FanRewards.Storage;

namespace FanRewards.Functions.Tests.Entries;

/// <summary>
/// Leaderboards from the figure flush's tallies on Azurite: after the flush they agree with a recount of the entries,
/// however the likes and check-ins were spread over instances, and a read costs the same few requests at any size.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LeaderboardIntegrationTests(AzuriteFixture azurite) : IAsyncLifetime
{
    // 23:30 in Shanghai: forty minutes on it is the next local day, while the campaign is still open.
    private readonly ManualClock _clock = new(new DateTimeOffset(DateTime.UtcNow.Date.AddHours(15).AddMinutes(30), TimeSpan.Zero));
    private readonly StorageRequestCounter _requests = new();
    private EntryScenario _s = null!;

    public async Task InitializeAsync() =>
        _s = await EntryScenario.CreateAsync(azurite, "board", _clock, new EntryScenarioOptions { Requests = _requests });

    public Task DisposeAsync() => Task.CompletedTask;

    private (EntryFigures Figures, EntryService Entries) NewInstance()
    {
        var figures = new EntryFigures(new TableFigureStore(_s.Tables), _s.Catalog, _s.Campaigns, _clock, new FigureOptions(), _s.EntryStore);
        return (figures, new EntryService(_s.Catalog, _s.EntryStore, new TableSeatStore(_s.Tables), _clock, new EntryPolicy(), NoSpotPrizes.Service(_clock), figures,
            Support.EntryWatches.Over(_s.Tables, _clock)));
    }

    private LeaderboardService Board() =>
        new(_s.Catalog, new TableFigureStore(_s.Tables), _clock, new LeaderboardOptions { TimeToLive = TimeSpan.Zero });

    [Fact]
    public async Task After_the_flush_the_boards_agree_with_a_recount_of_the_entries()
    {
        var instances = Enumerable.Range(0, 3).Select(_ => NewInstance()).ToList();
        async Task EnterAsync(int day)
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, 240), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            {
                var (_, entries) = instances[i % instances.Count];
                var fan = new Entrant($"fan-{i % 120}", false);
                await entries.LikeAsync("board", i % 5 == 0 ? "li-si" : "zhang-san", fan, ct); // the second like of a day is not counted
                if (i < 70 && (day == 1 || i % 2 == 0))
                    await entries.CheckInAsync("board", "steps", new Entrant($"walker-{i}", false), 1000 + (i * 137 + day * 911) % 11000, ct);
            });
            // Flushes from every instance, interleaved, some while entries still come in on the others.
            await Task.WhenAll(instances.Select(x => x.Figures.FlushAsync(CancellationToken.None)));
        }

        await EnterAsync(day: 1);
        _clock.Now += TimeSpan.FromMinutes(40); // the next local day
        await EnterAsync(day: 2);

        var board = await Board().GetAsync("board", CancellationToken.None);

        var campaign = _s.Campaign;
        var today = EntryService.LocalDay(_clock.Now, campaign);
        var likes = new List<EntryRecord>();
        await foreach (var like in _s.EntryStore.ScanActivityAsync("board", campaign.EntryBuckets, "likes", null, CancellationToken.None)) likes.Add(like);
        var likeRows = board.Activities.Single(a => a.ActivityId == "likes").Rows;
        Assert.Equal(240, likes.Count); // 120 fans, one like a day each, two days
        foreach (var row in likeRows)
        {
            Assert.Equal(likes.Count(l => l.CandidateId == row.Id), row.Total);
            Assert.Equal(likes.Count(l => l.CandidateId == row.Id && l.Day == today), row.Today);
        }

        var checkins = new List<EntryRecord>();
        await foreach (var c in _s.EntryStore.ScanActivityAsync("board", campaign.EntryBuckets, "steps", null, CancellationToken.None)) checkins.Add(c);
        var recount = checkins.GroupBy(c => c.Pseudonym)
            .Select(g => new EntrantTotal(g.Key, g.Sum(c => c.Value ?? 0), g.Max(c => c.AcceptedAt)));
        var expected = EntrantTotal.Ranked(recount).Take(50).Select(t => (t.Pseudonym[..12], t.Total)).ToList();
        Assert.Equal(70, checkins.GroupBy(c => c.Pseudonym).Count());
        Assert.Equal(expected, board.Activities.Single(a => a.ActivityId == "steps").Rows.Select(r => (r.Id, r.Total)));
    }

    [Fact]
    public async Task A_board_read_costs_the_same_few_requests_with_ten_likes_or_a_thousand()
    {
        var (figures, entries) = NewInstance();
        async Task<int> ReadsOfABoardAfterAsync(int likes, int from)
        {
            await Parallel.ForEachAsync(Enumerable.Range(from, likes), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
                await entries.LikeAsync("board", i % 2 == 0 ? "zhang-san" : "li-si", new Entrant($"fan-{i}", false), ct));
            await figures.FlushAsync(CancellationToken.None);
            var board = Board();
            await board.GetAsync("board", CancellationToken.None); // the campaign itself comes from the catalog's cache
            _requests.Reset();
            var read = await board.GetAsync("board", CancellationToken.None);
            Assert.Equal(from + likes, read.Activities.Single(a => a.ActivityId == "likes").Rows.Sum(r => r.Total));
            return _requests.Reads;
        }

        var few = await ReadsOfABoardAfterAsync(10, 0);
        var many = await ReadsOfABoardAfterAsync(990, 10);

        Assert.Equal(3, few); // likes: totals and today's; steps: the top list
        Assert.Equal(few, many);
    }
}

using FanRewards.Core.Campaigns;
using FanRewards.Core.Figures;
using Moq;

namespace FanRewards.Core.Tests.Figures;

/// <summary>The in-memory tally behind the live figures: what a flush writes, what it keeps when a write fails, what it drops.</summary>
public class EntryFiguresTests
{
    private readonly Mock<ICampaignStore> _campaigns = new();
    private readonly Mock<IFigureStore> _store = new();
    private readonly List<(string CampaignId, FigureCount Count)> _written = [];
    private readonly ManualClock _clock = new(new DateTimeOffset(2027, 2, 12, 1, 59, 30, TimeSpan.Zero));
    private readonly EntryFigures _figures;

    public EntryFiguresTests()
    {
        _campaigns.Setup(s => s.FindAsync("lantern-2027", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new StoredCampaign(TestCampaign.Lantern().Published().Build(), "e1"));
        _store.Setup(s => s.AddAsync(It.IsAny<string>(), It.IsAny<FlushStamp>(), It.IsAny<IReadOnlyList<FigureCount>>(), It.IsAny<CancellationToken>()))
            .Callback((string id, FlushStamp _, IReadOnlyList<FigureCount> counts, CancellationToken _) => _written.AddRange(counts.Select(c => (id, c))))
            .Returns(Task.CompletedTask);
        var catalog = new PublicCampaignCatalog(new CachingCampaignStore(_campaigns.Object, _clock, new CampaignCacheOptions()), _clock);
        // Strict: these tests check in nobody, so a flush reads no entrant's totals.
        _figures = new EntryFigures(_store.Object, catalog, _campaigns.Object, _clock, new FigureOptions { MaxPendingKeys = 5 },
            Mock.Of<Core.Entries.IEntryStore>(MockBehavior.Strict));
    }

    private static readonly DateTimeOffset TwoAm = new(2027, 2, 12, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_flush_writes_one_count_per_hour_activity_and_outcome_and_the_next_flush_only_what_came_since()
    {
        _figures.EntryAccepted("lantern-2027", "riddles");
        _figures.EntryAccepted("lantern-2027", "riddles");
        _figures.EntryRejected("lantern-2027", Problem.TypePrefix + "attempts-exhausted");
        _clock.Advance(TimeSpan.FromMinutes(1));
        _figures.EntryAccepted("lantern-2027", "riddles");

        await _figures.FlushAsync(CancellationToken.None);

        Assert.Equal(
            [
                ("lantern-2027", new FigureCount(TwoAm.AddHours(-1), "riddles", EntryFigures.Accepted, 2)),
                ("lantern-2027", new FigureCount(TwoAm.AddHours(-1), EntryFigures.AnyActivity, "rejected:attempts-exhausted", 1)),
                ("lantern-2027", new FigureCount(TwoAm, "riddles", EntryFigures.Accepted, 1)),
            ],
            _written.OrderBy(w => w.Count.Hour).ThenBy(w => w.Count.Outcome).ToList());

        _written.Clear();
        await _figures.FlushAsync(CancellationToken.None);
        Assert.Empty(_written);

        _figures.EntryAccepted("lantern-2027", "museum-day");
        await _figures.FlushAsync(CancellationToken.None);
        Assert.Equal(new FigureCount(TwoAm, "museum-day", EntryFigures.Accepted, 1), Assert.Single(_written).Count);
    }

    [Fact]
    public async Task The_last_flush_at_shutdown_writes_even_after_the_container_let_go_of_the_figures()
    {
        // The container disposes what it made and is disposable; the flusher's last flush (at stop) may come after that.
        // A disposed flush lock once lost the counts of a shutdown, so the figures must keep nothing for it to dispose.
        ((object)_figures as IDisposable)?.Dispose();
        _figures.EntryAccepted("lantern-2027", "riddles");

        await _figures.FlushAsync(CancellationToken.None);

        Assert.Equal(new FigureCount(TwoAm.AddHours(-1), "riddles", EntryFigures.Accepted, 1), Assert.Single(_written).Count);
    }

    [Fact]
    public async Task Entries_counted_on_many_threads_while_flushes_run_are_each_written_once()
    {
        const int threads = 8, perThread = 20_000;
        var counting = Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < perThread; i++) _figures.EntryAccepted("lantern-2027", i % 2 == 0 ? "riddles" : "museum-day");
        })));
        while (!counting.IsCompleted) await _figures.FlushAsync(CancellationToken.None);
        await counting;
        await _figures.FlushAsync(CancellationToken.None);

        lock (_written) Assert.Equal(threads * perThread, _written.Sum(w => w.Count.Count));
        Assert.Equal(0, _figures.Dropped);
    }

    [Fact]
    public async Task Counts_whose_write_failed_are_written_with_the_next_flush()
    {
        _store.SetupSequence(s => s.AddAsync(It.IsAny<string>(), It.IsAny<FlushStamp>(), It.IsAny<IReadOnlyList<FigureCount>>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new IOException("storage is down"))
            .Returns(Task.CompletedTask);
        _figures.EntryAccepted("lantern-2027", "riddles");
        await _figures.FlushAsync(CancellationToken.None);

        _figures.EntryAccepted("lantern-2027", "riddles");
        _store.Invocations.Clear();
        await _figures.FlushAsync(CancellationToken.None);

        var added = Assert.Single(_store.Invocations);
        var counts = Assert.IsAssignableFrom<IReadOnlyList<FigureCount>>(added.Arguments[2]);
        Assert.Equal(2, Assert.Single(counts).Count);
    }

    [Fact]
    public async Task Like_tallies_are_added_per_candidate_in_total_and_per_day_and_kept_when_their_write_fails()
    {
        var added = new List<BoardCount>();
        var calls = 0;
        _store.Setup(s => s.AddBoardAsync("lantern-2027", It.IsAny<FlushStamp>(), It.IsAny<IReadOnlyList<BoardCount>>(), It.IsAny<CancellationToken>()))
            .Returns((string _, FlushStamp _, IReadOnlyList<BoardCount> counts, CancellationToken _) =>
            {
                if (++calls == 1) throw new IOException("storage is down");
                added.AddRange(counts);
                return Task.CompletedTask;
            });
        _figures.LikeCounted("lantern-2027", "likes", "c1", "2027-02-12");
        _figures.LikeCounted("lantern-2027", "likes", "c1", "2027-02-12");
        _figures.LikeCounted("lantern-2027", "likes", "c2", null); // a like once per campaign has no day

        await _figures.FlushAsync(CancellationToken.None);
        Assert.Empty(added);
        await _figures.FlushAsync(CancellationToken.None);

        Assert.Equal(
            [new BoardCount("likes", "c1", null, 2), new BoardCount("likes", "c1", "2027-02-12", 2), new BoardCount("likes", "c2", null, 1)],
            added.OrderBy(c => c.CandidateId).ThenBy(c => c.Day).ToList());
    }

    [Fact]
    public async Task Counts_of_a_campaign_that_could_not_be_looked_up_wait_for_the_next_flush()
    {
        _campaigns.SetupSequence(s => s.FindAsync("lantern-2027", It.IsAny<CancellationToken>()))
            .ThrowsAsync(new IOException("storage is down"))
            .ReturnsAsync(new StoredCampaign(TestCampaign.Lantern().Published().Build(), "e1"));
        _figures.EntryAccepted("lantern-2027", "riddles");

        await _figures.FlushAsync(CancellationToken.None);
        Assert.Empty(_written);
        Assert.Equal(1, _figures.PendingKeys);

        await _figures.FlushAsync(CancellationToken.None);
        Assert.Equal(1, Assert.Single(_written).Count.Count);
    }

    [Fact]
    public async Task Rejections_naming_an_unknown_or_malformed_campaign_are_never_written()
    {
        _figures.EntryRejected("no-such-campaign", Problem.TypePrefix + "unauthorized");
        _figures.EntryRejected("../../etc", Problem.TypePrefix + "invalid-id");
        _figures.EntryRejected("lantern-2027", Problem.TypePrefix + "unauthorized");

        await _figures.FlushAsync(CancellationToken.None);

        Assert.Equal("lantern-2027", Assert.Single(_written).CampaignId);
    }

    [Fact]
    public async Task A_flood_of_distinct_keys_is_capped_and_the_dropped_counts_are_counted()
    {
        for (var i = 0; i < 8; i++) _figures.EntryRejected($"made-up-{i}", Problem.TypePrefix + "unauthorized");
        _figures.EntryRejected("made-up-0", Problem.TypePrefix + "unauthorized");

        Assert.Equal(3, _figures.Dropped);
        await _figures.FlushAsync(CancellationToken.None);
        Assert.Empty(_written);
    }

    [Fact]
    public async Task The_figures_read_back_per_activity_and_hour_in_the_campaigns_zone_with_rejects_by_reason_most_first()
    {
        _store.Setup(s => s.ReadAsync("lantern-2027", It.IsAny<CancellationToken>())).ReturnsAsync(
        [
            new FigureCount(TwoAm, "riddles", EntryFigures.Accepted, 7),
            new FigureCount(TwoAm.AddHours(-1), "riddles", EntryFigures.Accepted, 3),
            new FigureCount(TwoAm, "museum-day", EntryFigures.Accepted, 2),
            new FigureCount(TwoAm, EntryFigures.AnyActivity, "rejected:rate-limited", 1),
            new FigureCount(TwoAm.AddHours(-1), EntryFigures.AnyActivity, "rejected:attempts-exhausted", 4),
        ]);

        var figures = await _figures.GetAsync("lantern-2027", CancellationToken.None);

        Assert.Equal("Asia/Shanghai", figures.TimeZone);
        Assert.Equal(
            [new HourFigure("2027-02-12T09:00:00+08:00", "riddles", 3), new HourFigure("2027-02-12T10:00:00+08:00", "museum-day", 2),
             new HourFigure("2027-02-12T10:00:00+08:00", "riddles", 7)],
            figures.Hours);
        Assert.Equal([new ActivityFigure("riddles", ActivityKind.Riddle, 10), new ActivityFigure("museum-day", ActivityKind.Signup, 2)],
            figures.Activities);
        Assert.Equal([new RejectFigure("attempts-exhausted", 4), new RejectFigure("rate-limited", 1)], figures.Rejects);
        Assert.Equal(10, figures.DelaySeconds);
    }

    [Fact]
    public async Task Figures_of_an_unknown_campaign_are_a_404_problem()
    {
        var problem = await Assert.ThrowsAsync<ProblemException>(() => _figures.GetAsync("no-such-campaign", CancellationToken.None));
        Assert.Equal(404, problem.Problem.Status);
    }
}

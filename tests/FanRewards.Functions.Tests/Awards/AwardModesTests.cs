using System.Text.Json;
using Azure.Storage.Queues;
using FanRewards.Core;
using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Draws;
using FanRewards.Core.Due;
using FanRewards.Core.Entering;
using FanRewards.Core.Entries;
using FanRewards.Core.Json;
using FanRewards.Core.Steps;
using FanRewards.Functions.Awards;
using FanRewards.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace FanRewards.Functions.Tests.Awards;

/// <summary>First come with voucher codes, judged picks and top N, against Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AwardModesTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);
    private StorageTables _tables = null!;
    private EntryService _entries = null!;
    private IAwardStore _awards = null!;
    private TableVoucherStore _vouchers = null!;
    private JudgingService _judging = null!;
    private TopNService _topN = null!;
    private TableEntryStore _entryStore = null!;
    private Campaign _campaign = null!;
    private TableDisqualificationStore _disqualified = null!;
    private PublicCampaignCatalog _catalog = null!;

    public async Task InitializeAsync()
    {
        var scenario = await EntryScenario.CreateAsync(azurite, "modes", _clock,
            // The entry path as on an instance whose copy of the disqualified is older than the disqualification (up to
            // 30 s; FraudAggregateTests shows the refusal after it): the award rules themselves still give them nothing.
            new EntryScenarioOptions { Awards = true, CatalogTimeToLive = TimeSpan.Zero, Watch = EntryWatches.WithoutStorage() });
        (_tables, _campaign, _entries, _entryStore) = (scenario.Tables, scenario.Campaign, scenario.Entries, scenario.EntryStore);
        (_awards, _vouchers, _disqualified, _catalog) = (scenario.Awards, scenario.Vouchers, scenario.Disqualified, scenario.Catalog);
        _judging = new JudgingService(scenario.Admin, _entryStore, _awards, new TableAuditLog(_tables), _clock, scenario.Issuer, _disqualified);
        _topN = new TopNService(scenario.Campaigns, _entryStore, _awards, _clock, scenario.Due, scenario.Issuer, _disqualified);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task First_come_voucher_winners_each_get_one_distinct_code_and_see_only_their_own()
    {
        await _vouchers.AddAsync("modes", "ticket", ["MOVIE-0001", "MOVIE-0002", "MOVIE-0003", "MOVIE-0004", "MOVIE-0005"], CancellationToken.None);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            _entries.LikeAsync("modes", "zhang-san", new Entrant($"moviegoer-{i}", false), CancellationToken.None)));

        var codes = results.Where(r => r.Prize is not null).Select(r => r.Prize!.VoucherCode).ToList();
        Assert.Equal(5, codes.Count);
        Assert.Equal(5, codes.Distinct().Count());
        Assert.All(codes, c => Assert.StartsWith("MOVIE-", c));
        var winner = Enumerable.Range(0, 20).First(i => results[i].Prize is not null);
        var mine = await _entries.GetMineAsync("modes", new Entrant($"moviegoer-{winner}", false), CancellationToken.None);
        Assert.Equal(results[winner].Prize!.VoucherCode, Assert.Single(mine.Prizes!).VoucherCode);
    }

    [Fact]
    public async Task A_judged_prize_goes_only_after_the_close_only_to_an_approved_entry_and_never_beyond_stock()
    {
        foreach (var who in new[] { "writer-a", "writer-b", "writer-c" })
            await _entries.LeaveMessageAsync("modes", "wishes", new Entrant(who, false), $"{who} 的节日寄语", CancellationToken.None);
        await ApproveAsync("writer-a");
        await ApproveAsync("writer-b");

        var early = await Assert.ThrowsAsync<ProblemException>(() => Judge("writer-a"));
        Assert.Equal(409, early.Problem.Status);

        _clock.Now += TimeSpan.FromHours(2); // entries closed
        var pending = await Assert.ThrowsAsync<ProblemException>(() => Judge("writer-c"));
        var award = await Judge("writer-a");
        var beyondStock = await Assert.ThrowsAsync<ProblemException>(() => Judge("writer-b")); // one card only

        Assert.Equal(409, pending.Problem.Status);
        Assert.Equal((AwardedBy.Judged, "card"), (award.Mode, award.PrizeId));
        Assert.Equal(409, beyondStock.Problem.Status);
        Assert.Single(await _awards.ListAsync("modes", CancellationToken.None));
    }

    [Fact]
    public async Task The_top_n_by_steps_win_at_the_close_and_a_second_run_changes_nothing()
    {
        var steps = new[] { 5000L, 12000, 9000, 300, 11000 };
        for (var i = 0; i < steps.Length; i++)
            await _entries.CheckInAsync("modes", "steps", new Entrant($"walker-{i}", false), steps[i], CancellationToken.None);
        _clock.Now += TimeSpan.FromHours(2);

        var due = Assert.Single(await _topN.FindDueAsync(CancellationToken.None));
        var first = await _topN.AwardAsync(due, CancellationToken.None);
        var redelivered = await _topN.AwardAsync(due, CancellationToken.None);

        Assert.Equal((3, 0), (first, redelivered)); // a redelivered step finds the prizes given
        Assert.Empty(await _topN.FindDueAsync(CancellationToken.None));
        var awards = (await _awards.ListAsync("modes", CancellationToken.None)).OrderBy(a => a.Rank).ToList();
        Assert.Equal(["walker-1", "walker-4", "walker-2"], awards.Select(a => a.EntrantId));
        Assert.All(awards, a => Assert.Equal("band", a.PrizeId));
    }

    [Fact]
    public async Task The_judging_route_answers_the_organisers_award_view_times_in_the_campaign_zone_and_no_voucher_code_or_storage_fields()
    {
        await _vouchers.AddAsync("modes", "card", ["CARD-0001"], CancellationToken.None);
        await _entries.LeaveMessageAsync("modes", "wishes", new Entrant("writer-v", false), "节日快乐", CancellationToken.None);
        await ApproveAsync("writer-v");
        _clock.Now += TimeSpan.FromHours(2); // entries closed
        var functions = new AwardFunctions(_judging, _topN, new TopNSchedule(_topN, Mock.Of<IStepQueue>()), _clock,
            new InstantWinProofs(_catalog, new TableInstantSeedStore(_tables), _clock), new PublicReadOptions(), TestAdminGate.Anyone, NullLogger<AwardFunctions>.Instance);

        var request = HttpTestContext.Request("POST", """{"entrantId":"writer-v","prizeId":"card"}""");
        var response = await HttpTestContext.Execute(request, await functions.JudgeAward(request, "modes", "wishes"));

        Assert.Equal(201, response.Status);
        var stored = Assert.Single(await _awards.ListAsync("modes", CancellationToken.None));
        Assert.Equal("CARD-0001", stored.VoucherCode); // issued, but not the organiser's to read here
        var names = response.Json.EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Empty(names.Intersect(["voucherCode", "eTag", "etag", "codeShownAt", "campaignId"]));
        Assert.Equal((stored.AwardId, "judged", "awarded", stored.Pseudonym[..12], "writer-v"), (response.Json.GetProperty("awardId").GetString(),
            response.Json.GetProperty("mode").GetString(), response.Json.GetProperty("status").GetString(),
            response.Json.GetProperty("pseudonym").GetString(), response.Json.GetProperty("entrantId").GetString()));
        Assert.Equal(CampaignTime.Format(stored.AwardedAt, _campaign.Zone), response.Json.GetProperty("awardedAt").GetString());
    }

    [Fact]
    public async Task The_top_n_timer_queues_its_step_through_the_step_queue_in_the_same_message_format_and_the_queue_trigger_awards()
    {
        var steps = new[] { 5000L, 12000, 9000, 300, 11000 };
        for (var i = 0; i < steps.Length; i++)
            await _entries.CheckInAsync("modes", "steps", new Entrant($"walker-{i}", false), steps[i], CancellationToken.None);
        _clock.Now += TimeSpan.FromHours(2);
        var queues = new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var queue = queues.GetQueueClient(TopNQueue.Name);
        await queue.CreateIfNotExistsAsync();
        await queue.ClearMessagesAsync();
        var functions = new AwardFunctions(_judging, _topN, new TopNSchedule(_topN, new StorageStepQueue(queues)), _clock,
            new InstantWinProofs(_catalog, new TableInstantSeedStore(_tables), _clock), new PublicReadOptions(), TestAdminGate.Anyone, NullLogger<AwardFunctions>.Instance);

        await functions.ScheduleTopN(new TimerInfo(), CancellationToken.None);

        var message = Assert.Single((await queue.ReceiveMessagesAsync(32)).Value);
        Assert.Equal("""{"campaignId":"modes","activityId":"steps"}""", message.Body.ToString()); // what the queue trigger has always read
        await functions.AwardTopN(JsonSerializer.Deserialize<TopNStep>(message.Body, FanRewardsJson.Options)!, CancellationToken.None);
        var awards = (await _awards.ListAsync("modes", CancellationToken.None)).OrderBy(a => a.Rank).ToList();
        Assert.Equal(["walker-1", "walker-4", "walker-2"], awards.Select(a => a.EntrantId));
    }

    [Fact]
    public async Task Top_n_with_fewer_qualifiers_than_prizes_awards_them_once_and_is_done()
    {
        await _entries.CheckInAsync("modes", "steps", new Entrant("walker-a", false), 8000, CancellationToken.None);
        await _entries.CheckInAsync("modes", "steps", new Entrant("walker-b", false), 6000, CancellationToken.None);
        _clock.Now += TimeSpan.FromHours(2);

        var due = Assert.Single(await _topN.FindDueAsync(CancellationToken.None));
        Assert.Equal(2, await _topN.AwardAsync(due, CancellationToken.None)); // three bands, two qualifiers

        Assert.Empty(await _topN.FindDueAsync(CancellationToken.None)); // done: its mark is gone
        _clock.Now += TimeSpan.FromHours(1); // long past any re-queue
        Assert.Empty(await _topN.FindDueAsync(CancellationToken.None));
        Assert.Equal(0, await _topN.AwardAsync(due, CancellationToken.None)); // a redelivered step finds it done
        var awards = (await _awards.ListAsync("modes", CancellationToken.None)).OrderBy(a => a.Rank).ToList();
        Assert.Equal(["walker-a", "walker-b"], awards.Select(a => a.EntrantId));
    }

    [Fact]
    public async Task A_top_n_step_not_done_yet_is_queued_once_and_again_only_when_its_message_counts_as_lost()
    {
        await _entries.CheckInAsync("modes", "steps", new Entrant("walker-a", false), 8000, CancellationToken.None);
        _clock.Now += TimeSpan.FromHours(2);

        Assert.Single(await _topN.FindDueAsync(CancellationToken.None));
        Assert.Empty(await _topN.FindDueAsync(CancellationToken.None)); // queued a minute ago and still running: no second scan
        _clock.Now += new DueOptions().RequeueAfter;
        Assert.Single(await _topN.FindDueAsync(CancellationToken.None)); // never finished: its message was lost
    }

    [Fact]
    public async Task Instant_wins_follow_the_committed_seed_and_never_exceed_stock()
    {
        var store = new TableCampaignStore(_tables);
        var seeds = new TableInstantSeedStore(_tables);
        var catalog = new PublicCampaignCatalog(new CachingCampaignStore(store, _clock, new CampaignCacheOptions { TimeToLive = TimeSpan.Zero }), _clock);
        var admin = new CampaignAdminService(store, catalog, _clock, new PublishPolicy(),
            [new DrawPublication(new TableDrawStore(_tables)), new InstantWinPublication(seeds), new TopNPublication(new DueLedger(new TableDueIndex(_tables), _clock, new DueOptions()))]);
        var campaign = (await TestCampaign.Holiday("instant", _clock.Now, seats: 10)
            .ChangeActivity("likes", a => a with { Award = TestCampaign.Instant(0.3, "ticket") })
            .PublishThroughAsync(admin)).Campaign;
        var entries = new EntryService(catalog, _entryStore, new TableSeatStore(_tables), _clock, new EntryPolicy(),
            new AwardService(_awards, _clock, new VoucherIssuer(_awards, _vouchers, _clock), new CachingInstantSeedStore(seeds),
                new CachingDisqualificationStore(_disqualified, _clock, AwardService.DisqualifiedFreshFor)),
            new Core.Figures.EntryFigures(new TableFigureStore(_tables), catalog, store, _clock, new Core.Figures.FigureOptions(), _entryStore),
            Support.EntryWatches.Over(_tables, _clock));
        var seed = (await seeds.FindSeedAsync("instant", "likes", CancellationToken.None))!;
        Assert.Equal(Core.Fairness.DrawScoring.Commitment(seed), campaign.DrawCommitments["instant-likes"]);

        var results = new List<(string Pseudonym, LikeResult Result)>();
        foreach (var i in Enumerable.Range(0, 40))
        {
            var entrant = new Entrant($"instant-{i}", false);
            results.Add((campaign.PseudonymOf(entrant.Id), await entries.LikeAsync("instant", "li-si", entrant, CancellationToken.None)));
        }

        var day = EntryService.LocalDay(_clock.Now, campaign);
        var selected = results.Where(r => InstantWin.Wins(seed, "instant", "likes", EntryRecord.Key("likes", r.Pseudonym, day, "li-si"), 0.3)).ToList();
        var winners = results.Where(r => r.Result.Prize is not null).ToList();
        Assert.All(winners, w => Assert.Contains(w, selected)); // nobody wins whom the rule did not pick
        Assert.Equal(Math.Min(5, selected.Count), winners.Count); // and while stock lasts, everyone it picks wins
        Assert.Equal(selected.Take(5).Select(s => s.Pseudonym), winners.Select(w => w.Pseudonym)); // in arrival order

        // The proof shows the commitment from the start but the seed, which tells who wins, only after the close.
        var proofs = new InstantWinProofs(catalog, seeds, _clock);
        var open = await proofs.GetAsync("instant", "likes", CancellationToken.None);
        Assert.Equal((campaign.DrawCommitments["instant-likes"], (string?)null, (double?)0.3), (open.Commitment, open.Seed, open.WinProbability));
        _clock.Now += TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1);
        var closed = await proofs.GetAsync("instant", "likes", CancellationToken.None);
        Assert.Equal(Convert.ToHexStringLower(seed), closed.Seed);
        Assert.Equal(closed.Commitment, Core.Fairness.DrawScoring.Commitment(Convert.FromHexString(closed.Seed!)));
    }

    [Fact]
    public async Task A_disqualified_entrant_wins_nothing_first_come_top_n_or_judged()
    {
        await Disqualify("cheat");
        await _vouchers.AddAsync("modes", "ticket", ["MOVIE-0001"], CancellationToken.None);
        var like = await _entries.LikeAsync("modes", "zhang-san", new Entrant("cheat", false), CancellationToken.None);
        await _entries.CheckInAsync("modes", "steps", new Entrant("cheat", false), 99_999, CancellationToken.None);
        await _entries.CheckInAsync("modes", "steps", new Entrant("honest", false), 100, CancellationToken.None);
        await _entries.LeaveMessageAsync("modes", "wishes", new Entrant("cheat", false), "作弊者的寄语", CancellationToken.None);
        await ApproveAsync("cheat");
        _clock.Now += TimeSpan.FromHours(2);

        await _topN.AwardAsync(Assert.Single(await _topN.FindDueAsync(CancellationToken.None)), CancellationToken.None);
        var judged = await Assert.ThrowsAsync<ProblemException>(() => Judge("cheat"));

        Assert.True(like.Counted);
        Assert.Null(like.Prize);
        Assert.Equal(409, judged.Problem.Status);
        var awards = await _awards.ListAsync("modes", CancellationToken.None);
        Assert.Equal(["honest"], awards.Select(a => a.EntrantId));
    }

    private Task Disqualify(string entrantId) => _disqualified.TryAddAsync(
        new Disqualification("modes", entrantId, _campaign.PseudonymOf(entrantId), "刷票", new Core.Admins.AdminRef(null, "admin"), _clock.Now), CancellationToken.None);

    private Task<Award> Judge(string entrantId) =>
        _judging.AwardAsync("modes", "wishes", new JudgingService.JudgedAwardRequest(entrantId, "card"), TestAdmins.Named("评委会"), CancellationToken.None);

    private async Task ApproveAsync(string entrantId)
    {
        var pseudonym = _campaign.PseudonymOf(entrantId);
        var entry = await _entryStore.FindAsync("modes", Pseudonym.BucketOf(pseudonym, _campaign.EntryBuckets), EntryRecord.Key("wishes", pseudonym),
            CancellationToken.None);
        Assert.NotNull(await _entryStore.TryReplaceAsync(entry! with { Status = EntryStatus.Approved }, CancellationToken.None));
    }
}

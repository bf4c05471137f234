using System.Collections.Concurrent;
using Azure.Data.Tables;
using FanRewards.Core;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Draws;
using FanRewards.Core.Entries;
using FanRewards.Functions.Storage;
using FanRewards.Testing;

namespace FanRewards.Functions.Tests;

/// <summary>
/// The draw against real Table Storage (Azurite), its queue steps delivered by hand so that a test can deliver one
/// twice, drop one (a crash), or run two triggers at once, and check that the draw still ends in one result.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DrawIntegrationTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2027, 2, 20, 4, 0, 0, TimeSpan.Zero); // 12:00 in Shanghai
    private readonly ManualClock _clock = new(Start);
    private readonly RecordingQueue _queue = new();
    private TableCampaignStore _campaigns = null!;
    private TableDrawStore _draws = null!;
    private CampaignAdminService _admin = null!;
    private EntryService _entries = null!;
    private DrawService _service = null!;
    private TableDisqualificationStore _disqualified = null!;

    public async Task InitializeAsync()
    {
        var tables = new StorageTables(new TableServiceClient(azurite.ConnectionString), StorageNames.Unique("d"));
        await tables.EnsureCreatedAsync(CancellationToken.None);
        _campaigns = new TableCampaignStore(tables);
        _draws = new TableDrawStore(tables);
        _disqualified = new TableDisqualificationStore(tables);
        _admin = new CampaignAdminService(_campaigns, _clock, new PublishPolicy(), _draws);
        var catalog = new PublicCampaignCatalog(_campaigns, _clock, new CampaignCacheOptions { TimeToLive = TimeSpan.Zero });
        var entryStore = new TableEntryStore(tables);
        _entries = new EntryService(catalog, entryStore, new TableSeatStore(tables), _clock, new EntryPolicy());
        _service = new DrawService(_campaigns, _draws, _queue, entryStore, _disqualified, new TableAuditLog(tables), _clock, new DrawOptions());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_scheduled_draw_ranks_the_eligible_entries_exactly_as_a_verifier_recomputes_them()
    {
        var campaign = await PublishAsync("verify", draws: 1);
        var weights = await EnterAsync(campaign, 120);
        _clock.Now = Start.AddHours(8).AddMinutes(1); // past 20:00 in Shanghai

        Assert.Equal(1, await _service.TickAsync(CancellationToken.None));
        await _queue.DeliverAllAsync(_service);

        var proof = await _service.GetProofAsync(await CampaignAsync("verify"), "evening", CancellationToken.None);
        Assert.Equal("drawn", proof.State);
        var seed = Convert.FromHexString(proof.Seed!);
        Assert.Equal(proof.Commitment, DrawScoring.Commitment(seed));
        Assert.Equal(campaign.DrawCommitments["evening"], proof.Commitment); // the one published with the campaign

        var entrySet = await ReadWholeEntrySetAsync("verify", "evening");
        var eligible = weights.Where(w => w.Value > 0).ToDictionary(w => Pseudonym.Of("verify", w.Key), w => w.Value);
        Assert.Equal(eligible.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new DrawEntry(e.Key, e.Value)), entrySet);
        Assert.Equal(EntrySetDigest.Of(entrySet.Select(e => (e.Pseudonym, e.Weight))), proof.EntrySetDigest);
        Assert.Equal(entrySet.Count, proof.EntryCount);

        var recomputed = DrawRanking.Rank(seed, "verify", "evening", entrySet, proof.Tiers, proof.Alternates);
        Assert.Equal(recomputed, proof.Ranking);
        Assert.Equal([("pass", 3), ("ticket", 2)], proof.Tiers.Select(t => (t.PrizeId, t.Count)));
        Assert.Equal(["pass", "pass", "pass", "ticket", "ticket", null, null, null, null], proof.Ranking.Select(r => r.PrizeId));
        Assert.Equal(CampaignLifecycle.Drawn, (await CampaignAsync("verify")).Lifecycle);
    }

    [Fact]
    public async Task Every_step_delivered_twice_still_gives_one_result()
    {
        await PublishAsync("twice", draws: 1);
        await EnterAsync(await CampaignAsync("twice"), 60);
        _clock.Now = Start.AddHours(8).AddMinutes(1);
        await _service.TickAsync(CancellationToken.None);

        await _queue.DeliverAllAsync(_service, deliverEachTimes: 2);
        var first = await _service.GetProofAsync(await CampaignAsync("twice"), "evening", CancellationToken.None);
        // And once more, late: a redelivered start and merge after the draw is over change nothing.
        await _service.StartAsync(new DrawStep("twice", "evening"), CancellationToken.None);
        await _service.MergeAsync(new DrawStep("twice", "evening"), CancellationToken.None);
        await _queue.DeliverAllAsync(_service);

        var second = await _service.GetProofAsync(await CampaignAsync("twice"), "evening", CancellationToken.None);
        Assert.Equal(first.Ranking, second.Ranking);
        Assert.Equal(first.EntrySetDigest, second.EntrySetDigest);
        Assert.Equal(first.Ranking.Count, (await _draws.ReadRankingAsync("twice", "evening", CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_draw_that_died_between_fan_out_and_merge_is_resumed_by_the_timer_and_ends_the_same()
    {
        await PublishAsync("crash", draws: 1);
        await EnterAsync(await CampaignAsync("crash"), 60);
        _clock.Now = Start.AddHours(8).AddMinutes(1);
        await _service.TickAsync(CancellationToken.None);

        await _queue.DeliverAllAsync(_service, drop: step => step.Queue == "merge"); // the merge message is lost
        var stuck = await _draws.FindAsync("crash", "evening", CancellationToken.None);
        Assert.Equal(DrawState.Running, stuck!.State);
        Assert.Null((await _service.GetProofAsync(await CampaignAsync("crash"), "evening", CancellationToken.None)).Seed);

        _clock.Now += TimeSpan.FromMinutes(3); // past the stall time: the timer nudges it
        Assert.Equal(1, await _service.TickAsync(CancellationToken.None));
        await _queue.DeliverAllAsync(_service);

        var proof = await _service.GetProofAsync(await CampaignAsync("crash"), "evening", CancellationToken.None);
        Assert.Equal("drawn", proof.State);
        var entrySet = await ReadWholeEntrySetAsync("crash", "evening");
        var recomputed = DrawRanking.Rank(Convert.FromHexString(proof.Seed!), "crash", "evening", entrySet, proof.Tiers, proof.Alternates);
        Assert.Equal(recomputed, proof.Ranking);
    }

    [Fact]
    public async Task A_shard_rerun_after_an_interrupted_run_keeps_only_what_it_finds()
    {
        await PublishAsync("rerun", draws: 1);
        await EnterAsync(await CampaignAsync("rerun"), 40);
        _clock.Now = Start.AddHours(8).AddMinutes(1);
        await _service.TickAsync(CancellationToken.None);
        // What a run that died half-way leaves: a chunk it wrote (for someone since disqualified, say), no done marker.
        var ghost = new string('f', 64);
        await _draws.WriteShardChunkAsync("rerun", "evening", Pseudonym.BucketOf(ghost, 16), "dead-run", 0, [new DrawEntry(ghost, 9)],
            CancellationToken.None);

        await _queue.DeliverAllAsync(_service);

        var entrySet = await ReadWholeEntrySetAsync("rerun", "evening");
        Assert.DoesNotContain(entrySet, e => e.Pseudonym == ghost);
        var proof = await _service.GetProofAsync(await CampaignAsync("rerun"), "evening", CancellationToken.None);
        Assert.Equal(EntrySetDigest.Of(entrySet.Select(e => (e.Pseudonym, e.Weight))), proof.EntrySetDigest);
    }

    [Fact]
    public async Task A_scheduled_and_a_manual_run_at_once_draw_once()
    {
        await PublishAsync("race", draws: 1);
        await EnterAsync(await CampaignAsync("race"), 60);
        _clock.Now = Start.AddHours(8).AddMinutes(1);

        await Task.WhenAll(_service.TickAsync(CancellationToken.None), _service.RequestRunAsync("race", "evening", "王主任", CancellationToken.None));
        Assert.Equal(2, _queue.Pending.Count(s => s.Queue == "start"));
        await _queue.DeliverAllAsync(_service, concurrently: true);

        var draw = await _draws.FindAsync("race", "evening", CancellationToken.None);
        Assert.Equal(DrawState.Drawn, draw!.State);
        var ranking = await _draws.ReadRankingAsync("race", "evening", CancellationToken.None);
        Assert.Equal(ranking.Select(r => r.Rank), Enumerable.Range(1, ranking.Count));
        Assert.Equal(ranking.Count, ranking.Select(r => r.Pseudonym).Distinct().Count());

        var again = await Assert.ThrowsAsync<ProblemException>(() => _service.RequestRunAsync("race", "evening", "王主任", CancellationToken.None));
        Assert.Equal(Problem.TypePrefix + "already-drawn", again.Problem.Type);
    }

    [Fact]
    public async Task A_manual_run_before_entries_close_is_refused()
    {
        await PublishAsync("early", draws: 1);

        var refused = await Assert.ThrowsAsync<ProblemException>(() => _service.RequestRunAsync("early", "evening", "admin", CancellationToken.None));

        Assert.Equal(Problem.TypePrefix + "entries-still-open", refused.Problem.Type);
        Assert.Empty(_queue.Pending);
    }

    [Fact]
    public async Task Nobody_wins_twice_across_daily_draws_and_disqualified_entrants_are_out()
    {
        await PublishAsync("daily", draws: 2);
        var campaign = await CampaignAsync("daily");
        await EnterAsync(campaign, 30);
        await _disqualified.TryAddAsync(new Disqualification("daily", "fan-007", Pseudonym.Of("daily", "fan-007"), "bot", "admin", Start), CancellationToken.None);

        _clock.Now = Start.AddHours(8).AddMinutes(1);
        await _service.TickAsync(CancellationToken.None);
        await _queue.DeliverAllAsync(_service);
        // The second evening draws from everyone so far, less the first evening's winners.
        _clock.Now = Start.AddDays(1).AddHours(8).AddMinutes(1);
        await _service.TickAsync(CancellationToken.None);
        await _queue.DeliverAllAsync(_service);

        var day1 = await _draws.ReadRankingAsync("daily", "evening", CancellationToken.None);
        var day2 = await _draws.ReadRankingAsync("daily", "evening-2", CancellationToken.None);
        var winners1 = day1.Where(r => r.PrizeId is not null).Select(r => r.Pseudonym).ToHashSet();
        Assert.NotEmpty(winners1);
        Assert.Equal(9, day2.Count);
        Assert.DoesNotContain(day2, r => winners1.Contains(r.Pseudonym));
        Assert.DoesNotContain(day1.Concat(day2), r => r.Pseudonym == Pseudonym.Of("daily", "fan-007"));
    }

    private async Task<Campaign> PublishAsync(string id, int draws)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        string Local(DateTimeOffset t) => CampaignTime.FormatLocal(t, zone);
        var drawList = Enumerable.Range(0, draws).Select(i => new DrawDefinition
        {
            Id = i == 0 ? "evening" : $"evening-{i + 1}", At = Local(Start.AddDays(i).AddHours(8)),
            PrizeIds = i == 0 ? ["pass", "ticket"] : [$"pass-{i + 1}", $"ticket-{i + 1}"], Alternates = 4,
        }).ToList();
        await _admin.CreateAsync(new CampaignDefinition
        {
            Id = id, Title = "元宵猜灯谜", TimeZone = zone.Id,
            Schedule = new ScheduleDefinition
            {
                OpensAt = Local(Start.AddMinutes(-5)), ClosesAt = Local(Start.AddDays(draws - 1).AddHours(8)), Draws = drawList,
                ClaimDeadline = Local(Start.AddDays(20)),
            },
            Organiser = new OrganiserDefinition { Name = "省总工会", Contact = "029-87310000" },
            Rules = new RulesDefinition { EntryConditions = "职工", AwardMethod = "可验证抽奖", ClaimInstructions = "填写", Forfeiture = "递补" },
            Activities =
            [
                new ActivityDefinition { Id = "riddles", Kind = ActivityKind.Riddle, Title = "猜灯谜", MinCorrect = 1, AttemptLimit = 3,
                    Award = new AwardDefinition { Mode = AwardMode.Draw, Weighting = "correctAnswers" } },
            ],
        }, "test", CancellationToken.None);
        await _admin.ReplaceRiddlesAsync(id,
        [
            new RiddleDefinition { Id = "r1", ActivityId = "riddles", Question = "一口咬掉牛尾巴", Answers = ["告"] },
            new RiddleDefinition { Id = "r2", ActivityId = "riddles", Question = "千里相逢", Answers = ["重"] },
        ], null, "test", CancellationToken.None);
        // Each evening awards its own tiers, so no tier is shared and no stock can be given twice.
        await _admin.ReplacePrizesAsync(id, Enumerable.Range(0, draws).SelectMany(i => new[]
        {
            new PrizeDefinition { Id = i == 0 ? "pass" : $"pass-{i + 1}", Name = "旅游年卡", Kind = PrizeKind.Physical, ValueYuan = 120, Count = 3 },
            new PrizeDefinition { Id = i == 0 ? "ticket" : $"ticket-{i + 1}", Name = "电影票", Kind = PrizeKind.Voucher, ValueYuan = 40, Count = 2 },
        }).ToList(), null, "test", CancellationToken.None);
        return (await _admin.PublishAsync(id, null, "test", CancellationToken.None)).Campaign;
    }

    /// <summary>Entrant i answers riddle 1 right when i % 3 != 0 and riddle 2 right when i % 2 == 0: weights 0, 1 or 2.</summary>
    private async Task<Dictionary<string, int>> EnterAsync(Campaign campaign, int entrants)
    {
        var weights = new ConcurrentDictionary<string, int>();
        await Parallel.ForEachAsync(Enumerable.Range(0, entrants), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var entrant = new Entrant($"fan-{i:D3}", false);
            var right = 0;
            if ((await _entries.AnswerRiddleAsync(campaign.Id, "r1", entrant, i % 3 != 0 ? "告" : "吉", ct)).Correct) right++;
            if ((await _entries.AnswerRiddleAsync(campaign.Id, "r2", entrant, i % 2 == 0 ? "重" : "里", ct)).Correct) right++;
            weights[entrant.Id] = right;
        });
        return new Dictionary<string, int>(weights);
    }

    private async Task<Campaign> CampaignAsync(string id) => (await _campaigns.FindAsync(id, CancellationToken.None))!.Campaign;

    private async Task<List<DrawEntry>> ReadWholeEntrySetAsync(string campaignId, string drawId)
    {
        var campaign = await CampaignAsync(campaignId);
        var all = new List<DrawEntry>();
        string? after = null;
        do
        {
            var page = await _service.GetEntryPageAsync(campaign, drawId, after, 7, CancellationToken.None);
            all.AddRange(page.Entries);
            after = page.Next;
        } while (after is not null);
        return all;
    }

    /// <summary>Holds the draw's queue messages until the test delivers them, in order, repeated, dropped, or all at once.</summary>
    private sealed class RecordingQueue : IDrawQueue
    {
        private readonly ConcurrentQueue<(string Queue, DrawStep Step)> _pending = new();

        public IReadOnlyList<(string Queue, DrawStep Step)> Pending => _pending.ToList();

        public Task EnqueueStartAsync(DrawStep step, CancellationToken ct) => Add("start", step);
        public Task EnqueueShardAsync(DrawStep step, int bucket, CancellationToken ct) => Add("shard", step with { Bucket = bucket });
        public Task EnqueueMergeAsync(DrawStep step, CancellationToken ct) => Add("merge", step);

        public async Task DeliverAllAsync(DrawService service, int deliverEachTimes = 1, Func<(string Queue, DrawStep Step), bool>? drop = null,
            bool concurrently = false)
        {
            while (_pending.TryDequeue(out var message))
            {
                if (drop?.Invoke(message) == true) continue;
                var deliveries = Enumerable.Range(0, deliverEachTimes).Select(_ => Deliver(service, message));
                if (concurrently)
                {
                    var batch = new List<(string, DrawStep)> { message };
                    while (_pending.TryDequeue(out var more)) batch.Add(more);
                    await Task.WhenAll(batch.SelectMany(m => Enumerable.Range(0, deliverEachTimes).Select(_ => Deliver(service, m))));
                }
                else
                    foreach (var delivery in deliveries) await delivery;
            }
        }

        private static Task Deliver(DrawService service, (string Queue, DrawStep Step) message) => message.Queue switch
        {
            "start" => service.StartAsync(message.Step, CancellationToken.None),
            "shard" => service.RunShardAsync(message.Step, CancellationToken.None),
            _ => service.MergeAsync(message.Step, CancellationToken.None),
        };

        private Task Add(string queue, DrawStep step)
        {
            _pending.Enqueue((queue, step));
            return Task.CompletedTask;
        }
    }
}

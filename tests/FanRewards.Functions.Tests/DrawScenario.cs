using System.Collections.Concurrent;
using Azure.Data.Tables;
using FanRewards.Core;
using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Draws;
using FanRewards.Core.Due;
using FanRewards.Core.Entries;
using FanRewards.Core.Figures;
using FanRewards.Core.Steps;
using FanRewards.Storage;

namespace FanRewards.Functions.Tests;

/// <summary>
/// A campaign with draws on real Table Storage (Azurite), a hand-driven clock, and the draw's queue steps held until
/// a test delivers them: in order, twice, dropped (a crash) or all at once.
/// </summary>
internal sealed class DrawScenario
{
    public static readonly DateTimeOffset Start = new(2027, 2, 20, 4, 0, 0, TimeSpan.Zero); // 12:00 in Shanghai
    public ManualClock Clock { get; } = new(Start);
    public RecordingQueue Queue { get; } = new();
    public TableCampaignStore Campaigns { get; private set; } = null!;
    public TableDrawStore Draws { get; private set; } = null!;
    public IAwardStore Awards { get; private set; } = null!;
    public DueLedger Due { get; private set; } = null!;
    public TableClaimContactStore Contacts { get; private set; } = null!;
    public TableDisqualificationStore Disqualified { get; private set; } = null!;
    public CampaignAdminService Admin { get; private set; } = null!;
    public EntryService Entries { get; private set; } = null!;
    public DrawService Service { get; private set; } = null!;
    /// <summary>The public reads of this instance: proofs, winners and entry-set pages from its snapshots.</summary>
    public PublishedDrawResults Results { get; private set; } = null!;
    public AwardChanges Changes { get; } = new();
    public ClaimService Claims { get; private set; } = null!;
    public StorageTables Tables { get; private set; } = null!;
    /// <summary>The table name prefix: another "instance" opens the same tables with it.</summary>
    public string TablePrefix { get; private set; } = null!;

    /// <param name="options">The draw's options (lease times); the defaults when null.</param>
    /// <param name="drawEntries">Wraps the entry store the draw scans (not the one entries are written through).</param>
    /// <param name="requests">A pipeline policy every table request passes (a request counter).</param>
    public static async Task<DrawScenario> CreateAsync(AzuriteFixture azurite, DrawOptions? options = null,
        Func<IEntryStore, IEntryStore>? drawEntries = null, Azure.Core.Pipeline.HttpPipelinePolicy? requests = null)
    {
        var scenario = new DrawScenario
        {
            TablePrefix = StorageNames.Unique("d")
        };
        var clientOptions = new TableClientOptions();
        if (requests is not null) clientOptions.AddPolicy(requests, Azure.Core.HttpPipelinePosition.PerCall);
        var tables = new StorageTables(new TableServiceClient(azurite.ConnectionString, clientOptions), scenario.TablePrefix);
        await tables.EnsureCreatedAsync(CancellationToken.None);
        scenario.Tables = tables;
        scenario.Campaigns = new TableCampaignStore(tables);
        scenario.Draws = new TableDrawStore(tables);
        scenario.Due = new DueLedger(new TableDueIndex(tables), scenario.Clock, new DueOptions());
        scenario.Awards = new DueMarkingAwardStore(new TableAwardStore(tables, scenario.Changes), scenario.Due);
        scenario.Contacts = new TableClaimContactStore(tables);
        scenario.Disqualified = new TableDisqualificationStore(tables);
        var catalog = new PublicCampaignCatalog(scenario.Campaigns, scenario.Clock, new CampaignCacheOptions { TimeToLive = TimeSpan.Zero });
        scenario.Admin = new CampaignAdminService(scenario.Campaigns, catalog, scenario.Clock, new PublishPolicy(), scenario.Draws,
            new TableInstantSeedStore(tables), scenario.Due);
        var entryStore = new TableEntryStore(tables);
        scenario.Entries = new EntryService(catalog, entryStore, new TableSeatStore(tables), scenario.Clock, new EntryPolicy(),
            NoSpotPrizes.Service(scenario.Clock), new EntryFigures(new TableFigureStore(tables), catalog, scenario.Campaigns, scenario.Clock,
                new FigureOptions(), entryStore));
        var issuer = new VoucherIssuer(scenario.Awards, new TableVoucherStore(tables, scenario.Clock), scenario.Clock);
        scenario.Service = new DrawService(scenario.Campaigns, scenario.Draws, scenario.Queue, drawEntries?.Invoke(entryStore) ?? entryStore,
            scenario.Disqualified, new TableAuditLog(tables), scenario.Clock, options ?? new DrawOptions(), scenario.Awards, issuer);
        scenario.Results = new PublishedDrawResults(scenario.Draws, scenario.Clock, new PublicReadOptions(), scenario.Awards, scenario.Contacts,
            scenario.Changes);
        scenario.Claims = new ClaimService(catalog, scenario.Campaigns, scenario.Awards, scenario.Contacts, scenario.Draws, scenario.Clock,
            new ClaimOptions(), scenario.Due, issuer, new TableAuditLog(tables));
        return scenario;
    }

    public async Task<Campaign> PublishAsync(string id, int draws)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        string Local(DateTimeOffset t) => CampaignTime.FormatLocal(t, zone);
        var drawList = Enumerable.Range(0, draws).Select(i => new DrawDefinition
        {
            Id = i == 0 ? "evening" : $"evening-{i + 1}", At = Local(Start.AddDays(i).AddHours(8)),
            PrizeIds = i == 0 ? ["pass", "ticket"] : [$"pass-{i + 1}", $"ticket-{i + 1}"], Alternates = 4,
        }).ToList();
        await Admin.CreateAsync(new CampaignDefinition
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
        await Admin.ReplaceRiddlesAsync(id,
        [
            new RiddleDefinition { Id = "r1", ActivityId = "riddles", Question = "一口咬掉牛尾巴", Answers = ["告"] },
            new RiddleDefinition { Id = "r2", ActivityId = "riddles", Question = "千里相逢", Answers = ["重"] },
        ], null, "test", CancellationToken.None);
        // Each evening awards its own tiers, so no tier is shared and no stock can be given twice.
        await Admin.ReplacePrizesAsync(id, Enumerable.Range(0, draws).SelectMany(i => new[]
        {
            new PrizeDefinition { Id = i == 0 ? "pass" : $"pass-{i + 1}", Name = "旅游年卡", Kind = PrizeKind.Physical, ValueYuan = 120, Count = 3 },
            new PrizeDefinition { Id = i == 0 ? "ticket" : $"ticket-{i + 1}", Name = "电影票", Kind = PrizeKind.Voucher, ValueYuan = 40, Count = 2 },
        }).ToList(), null, "test", CancellationToken.None);
        return (await Admin.PublishAsync(id, null, "test", CancellationToken.None)).Campaign;
    }

    /// <summary>Entrant i answers riddle 1 right when i % 3 != 0 and riddle 2 right when i % 2 == 0: weights 0, 1 or 2.</summary>
    public async Task<Dictionary<string, int>> EnterAsync(Campaign campaign, int entrants)
    {
        var weights = new ConcurrentDictionary<string, int>();
        await Parallel.ForEachAsync(Enumerable.Range(0, entrants), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var entrant = new Entrant($"fan-{i:D3}", false);
            var right = 0;
            if ((await Entries.AnswerRiddleAsync(campaign.Id, "r1", entrant, i % 3 != 0 ? "告" : "吉", ct)).Correct) right++;
            if ((await Entries.AnswerRiddleAsync(campaign.Id, "r2", entrant, i % 2 == 0 ? "重" : "里", ct)).Correct) right++;
            weights[entrant.Id] = right;
        });
        return new Dictionary<string, int>(weights);
    }

    public async Task<Campaign> CampaignAsync(string id) => (await Campaigns.FindAsync(id, CancellationToken.None))!.Campaign;

    /// <summary>
    /// The proof as published. A draw not drawn yet is kept for the campaign max-age: the tests' clock jumps minutes
    /// between steps, and a test that reads twice within the same instant steps past it first.
    /// </summary>
    public async Task<DrawProof> ProofAsync(string campaignId, string drawId) =>
        (await Results.GetProofAsync(await CampaignAsync(campaignId), drawId, CancellationToken.None)).Value;

    public async Task<IReadOnlyList<DrawWinners>> WinnersAsync(string campaignId) =>
        (await Results.GetWinnersAsync(await CampaignAsync(campaignId), CancellationToken.None)).Value;

    public async Task<List<DrawEntry>> ReadWholeEntrySetAsync(string campaignId, string drawId)
    {
        var campaign = await CampaignAsync(campaignId);
        var all = new List<DrawEntry>();
        string? after = null;
        do
        {
            var page = (await Results.GetEntryPageAsync(campaign, drawId, after, 7, CancellationToken.None)).Value;
            all.AddRange(page.Entries);
            after = page.Next;
        } while (after is not null);
        return all;
    }

    /// <summary>Holds the draw's queue messages until the test delivers them, in order, repeated, dropped, or all at once.</summary>
    internal sealed class RecordingQueue : IStepQueue
    {
        private readonly ConcurrentQueue<(string Queue, DrawStep Step)> _pending = new();

        public IReadOnlyList<(string Queue, DrawStep Step)> Pending => _pending.ToList();

        /// <summary>Holds a draw step under the short name of its queue: start, shard or merge.</summary>
        public Task EnqueueAsync<TStep>(StepQueue<TStep> queue, TStep step, CancellationToken ct) where TStep : class
        {
            var name = queue.Name switch
            {
                DrawQueues.StartName => "start",
                DrawQueues.ShardName => "shard",
                DrawQueues.MergeName => "merge",
                _ => throw new InvalidOperationException($"A draw sent a step to '{queue.Name}'."),
            };
            _pending.Enqueue((name, step as DrawStep ?? throw new InvalidOperationException($"Not a draw step: {step}")));
            return Task.CompletedTask;
        }

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
                {
                    foreach (var delivery in deliveries) await delivery;
                }
            }
        }

        private static Task Deliver(DrawService service, (string Queue, DrawStep Step) message) => message.Queue switch
        {
            "start" => service.StartAsync(message.Step, CancellationToken.None),
            "shard" => service.RunShardAsync(message.Step, CancellationToken.None),
            _ => service.MergeAsync(message.Step, CancellationToken.None),
        };
    }
}

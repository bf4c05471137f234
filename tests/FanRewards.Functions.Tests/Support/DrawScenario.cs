using System.Collections.Concurrent;
using Azure.Data.Tables;
using FanRewards.Core;
using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Draws;
using FanRewards.Core.Due;
using FanRewards.Core.Entering;
using FanRewards.Core.Entries;
using FanRewards.Core.Figures;
using FanRewards.Core.Retention;
using FanRewards.Core.Steps;
using FanRewards.Storage;

namespace FanRewards.Functions.Tests.Support;

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
    public TableVoucherStore Vouchers { get; private set; } = null!;
    public CampaignAdminService Admin { get; private set; } = null!;
    public EntryService Entries { get; private set; } = null!;
    /// <summary>The entries' figures and like tallies of this instance, flushed when a test says so.</summary>
    public EntryFigures Figures { get; private set; } = null!;
    /// <summary>The entry path's fraud signal tally: written only by a flush the test asks for, as the figures.</summary>
    public Core.Fraud.SignalTally Signals { get; private set; } = null!;
    /// <summary>The draw's runner: its tick, start, shards and merge.</summary>
    public DrawRunner Service { get; private set; } = null!;
    /// <summary>What the admin and entrants read of the draws (states, their own draws, the export).</summary>
    public DrawQueries Queries { get; private set; } = null!;
    /// <summary>The public reads of this instance: proofs, winners and entry-set pages from its snapshots.</summary>
    public PublishedDrawResults Results { get; private set; } = null!;
    public AwardChanges Changes { get; } = new();
    public ClaimService Claims { get; private set; } = null!;
    /// <summary>Witnesses' reveals and admins' excuses.</summary>
    public DrawWitnesses Witnesses { get; private set; } = null!;
    public ModerationService Moderation { get; private set; } = null!;
    /// <summary>Disqualifying an entrant, with what becomes of their prizes.</summary>
    public DisqualifiedWinners Disqualifications { get; private set; } = null!;
    public StorageTables Tables { get; private set; } = null!;
    /// <summary>The table name prefix: another "instance" opens the same tables with it.</summary>
    public string TablePrefix { get; private set; } = null!;

    /// <param name="options">The draw's options (lease times); the defaults when null.</param>
    /// <param name="drawEntries">Wraps the entry store the draw scans (not the one entries are written through).</param>
    /// <param name="requests">A pipeline policy every table request passes (a request counter).</param>
    /// <param name="drawAwards">Wraps the award store the draw's merge awards and passes prizes through (a store that conflicts).</param>
    public static async Task<DrawScenario> CreateAsync(AzuriteFixture azurite, DrawOptions? options = null,
        Func<IEntryStore, IEntryStore>? drawEntries = null, Azure.Core.Pipeline.HttpPipelinePolicy? requests = null,
        Func<IAwardStore, IAwardStore>? drawAwards = null)
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
        var catalog = new PublicCampaignCatalog(new CachingCampaignStore(scenario.Campaigns, scenario.Clock, new CampaignCacheOptions { TimeToLive = TimeSpan.Zero }), scenario.Clock);
        // The draws as the wiring gives them to every reader: drawn draws and their rankings kept in memory.
        var draws = new CachingDrawStore(scenario.Draws);
        scenario.Admin = new CampaignAdminService(scenario.Campaigns, catalog, scenario.Clock, new PublishPolicy(),
            [new DrawPublication(draws), new InstantWinPublication(new TableInstantSeedStore(tables)), new TopNPublication(scenario.Due),
                new RetentionPublication(scenario.Due)]);
        var entryStore = new TableEntryStore(tables);
        scenario.Vouchers = new TableVoucherStore(tables, scenario.Clock);
        var issuer = new VoucherIssuer(scenario.Awards, scenario.Vouchers, scenario.Clock);
        // The award service over the scenario's awards: a draw campaign wins nothing on the spot, and an entrant's own
        // view shows the prizes the draw gave them (and records a voucher code as shown, as in production).
        var spotPrizes = new AwardService(scenario.Awards, scenario.Clock, issuer, new CachingInstantSeedStore(new TableInstantSeedStore(tables)),
            scenario.Disqualified);
        scenario.Figures = new EntryFigures(new TableFigureStore(tables), catalog, scenario.Campaigns, scenario.Clock, new FigureOptions(), entryStore);
        scenario.Signals = new Core.Fraud.SignalTally(new TableSignalAggregateStore(tables), new FigureOptions());
        scenario.Entries = new EntryService(catalog, entryStore, new TableSeatStore(tables), scenario.Clock, new EntryPolicy(),
            spotPrizes, scenario.Figures, EntryWatches.Over(scenario.Signals, scenario.Disqualified, scenario.Clock));
        var drawOptions = options ?? new DrawOptions();
        var mergeAwards = drawAwards?.Invoke(scenario.Awards) ?? scenario.Awards;
        scenario.Service = new DrawRunner(scenario.Campaigns, draws, scenario.Queue, new DrawStepSender(draws, scenario.Queue, scenario.Clock, drawOptions),
            new DrawEligibility(drawEntries?.Invoke(entryStore) ?? entryStore, scenario.Disqualified, scenario.Awards, draws),
            new DrawWinnerAwards(mergeAwards, issuer, scenario.Clock,
                new PrizePasses(mergeAwards, new DrawAlternates(draws), scenario.Disqualified, scenario.Clock, new ClaimOptions(), new TableAuditLog(tables))),
            new TableAuditLog(tables), scenario.Clock, drawOptions);
        scenario.Moderation = new ModerationService(scenario.Admin, entryStore, new TableAuditLog(tables), scenario.Clock);
        scenario.Disqualifications = new DisqualifiedWinners(
            new DisqualificationService(scenario.Admin, scenario.Disqualified, new TableAuditLog(tables), scenario.Clock), scenario.Campaigns,
            scenario.Awards, new PrizePasses(scenario.Awards, new DrawAlternates(draws), scenario.Disqualified, scenario.Clock, new ClaimOptions(), new TableAuditLog(tables)),
            new LikeWithdrawal(entryStore, new TableFigureStore(tables), scenario.Due));
        scenario.Witnesses = new DrawWitnesses(scenario.Campaigns, draws, scenario.Queue, new TableAuditLog(tables), scenario.Clock);
        scenario.Queries = new DrawQueries(scenario.Campaigns, draws);
        scenario.Results = new PublishedDrawResults(scenario.Draws, scenario.Clock, new PublicReadOptions(), scenario.Awards, scenario.Contacts,
            scenario.Changes);
        scenario.Claims = new ClaimService(catalog, scenario.Campaigns, scenario.Awards, scenario.Contacts, new DrawAlternates(draws), scenario.Disqualified, scenario.Clock,
            new ClaimOptions(), scenario.Due, issuer, new TableAuditLog(tables));
        return scenario;
    }

    /// <summary>
    /// Publishes a riddle campaign (two riddles, one right to enter) open from just before <see cref="Start"/> with
    /// <paramref name="draws"/> evening draws, one a day at 20:00; each evening awards tiers of its own (3 passes, 2 tickets,
    /// 4 alternates), so no tier is shared and no stock can be given twice.
    /// </summary>
    /// <param name="adjust">A change to the campaign before it is published (witnesses, an earlier close).</param>
    public async Task<Campaign> PublishAsync(string id, int draws, Func<TestCampaign, TestCampaign>? adjust = null)
    {
        var campaign = TestCampaign.Bare(id)
            .Titled("元宵猜灯谜")
            .InZone("Asia/Shanghai")
            .WithRules(new RulesDefinition { EntryConditions = "职工", AwardMethod = "可验证抽奖", ClaimInstructions = "填写", Forfeiture = "递补" })
            .Changed(d => d with { Organiser = new OrganiserDefinition { Name = "省总工会", Contact = "029-87310000" } })
            .OpenBetween(Start.AddMinutes(-5), Start.AddDays(draws - 1).AddHours(8))
            .ClaimsUntil(Start.AddDays(20))
            .WithRiddleActivity(award: TestCampaign.ByDraw("correctAnswers"), attemptLimit: 3, minCorrect: 1)
            .WithRiddle("r1", "一口咬掉牛尾巴", ["告"])
            .WithRiddle("r2", "千里相逢", ["重"]);
        for (var i = 0; i < draws; i++)
        {
            var (pass, ticket) = i == 0 ? ("pass", "ticket") : ($"pass-{i + 1}", $"ticket-{i + 1}");
            campaign = campaign
                .WithDraw(i == 0 ? "evening" : $"evening-{i + 1}", Start.AddDays(i).AddHours(8), [pass, ticket], alternates: 4)
                .WithPrize(pass, "旅游年卡", PrizeKind.Physical, 120, 3)
                .WithPrize(ticket, "电影票", PrizeKind.Voucher, 40, 2);
        }
        return (await (adjust?.Invoke(campaign) ?? campaign).PublishThroughAsync(Admin)).Campaign;
    }

    /// <summary>The entry bucket of an entrant in a published campaign (its pseudonym key decides it).</summary>
    public async Task<int> BucketOfAsync(string campaignId, string entrantId)
    {
        var campaign = await CampaignAsync(campaignId);
        return Pseudonym.BucketOf(campaign.PseudonymOf(entrantId), campaign.EntryBuckets);
    }

    /// <summary>Gives the campaign <paramref name="other"/>'s pseudonym key, so that a second run over the same entrants has the same pseudonyms.</summary>
    public async Task UsePseudonymKeyOfAsync(string campaignId, Campaign other)
    {
        var stored = (await Campaigns.FindAsync(campaignId, CancellationToken.None))!;
        await Campaigns.SaveAsync(stored.Campaign with { PseudonymKey = other.PseudonymKey }, stored.ETag, CampaignItemKinds.None,
            new AuditEntry(campaignId, Clock.GetUtcNow(), "test", "test", "The pseudonym key of the other run.") { Code = "test" }, CancellationToken.None);
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

    /// <summary>The clock set to <paramref name="now"/>, the draw timer's tick, and every step it queues delivered once.</summary>
    public async Task DrawAtAsync(DateTimeOffset now)
    {
        Clock.Now = now;
        await Service.TickAsync(CancellationToken.None);
        await Queue.DeliverAllAsync(Service);
    }

    /// <summary>The evening draw of <see cref="PublishAsync"/>'s first day, a minute after 20:00.</summary>
    public Task DrawFirstEveningAsync() => DrawAtAsync(Start.AddHours(8).AddMinutes(1));

    /// <summary>
    /// <see cref="PublishAsync"/>'s campaign with one draw from <see cref="Start"/>, <paramref name="ticketCodes"/> (if any)
    /// uploaded for its tickets, <paramref name="entrants"/> entered (<see cref="EnterAsync"/>) and the draw run: its awards.
    /// </summary>
    public async Task<IReadOnlyList<Award>> PublishEnterAndDrawAsync(string campaignId, int entrants, IReadOnlyList<string>? ticketCodes = null)
    {
        Clock.Now = Start;
        var campaign = await PublishAsync(campaignId, draws: 1);
        if (ticketCodes is not null) await Vouchers.AddAsync(campaignId, "ticket", ticketCodes, CancellationToken.None);
        await EnterAsync(campaign, entrants);
        await DrawFirstEveningAsync();
        return await Awards.ListAsync(campaignId, CancellationToken.None);
    }

    /// <summary>The award's winner as the entrant who claims or declines it.</summary>
    public static Entrant EntrantOf(Award award) => new(award.EntrantId, false);

    /// <summary>The campaign's outbox rows of one event type.</summary>
    public async Task<List<TableEntity>> OutboxAsync(string campaignId, string type)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Tables.Awards.QueryAsync<TableEntity>(TableClient.CreateQueryFilter(
                           $"PartitionKey eq {campaignId} and RowKey ge {"outbox:"} and RowKey lt {"outbox;"} and Type eq {type}")))
        {
            rows.Add(row);
        }

        return rows;
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

        public async Task DeliverAllAsync(DrawRunner service, int deliverEachTimes = 1, Func<(string Queue, DrawStep Step), bool>? drop = null,
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

        private static Task Deliver(DrawRunner service, (string Queue, DrawStep Step) message) => message.Queue switch
        {
            "start" => service.StartAsync(message.Step, CancellationToken.None),
            "shard" => service.RunShardAsync(message.Step, CancellationToken.None),
            _ => service.MergeAsync(message.Step, CancellationToken.None),
        };
    }
}

using Azure.Core;
using Azure.Data.Tables;
using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Entering;
using FanRewards.Core.Entries;
using FanRewards.Core.Figures;
using FanRewards.Core.Outbox;
using FanRewards.Storage;
using Xunit.Abstractions;

namespace FanRewards.Functions.Tests.Awards;

/// <summary>
/// First come at burst scale against real Table Storage: thousands of racers on one or several instances (each its own
/// stores, so its own memory) share a hundred voucher tickets. Each unit and code goes once, nobody wins twice, and what
/// the burst costs in transactions per award does not grow with the racers; after the sell-out an instance reads the
/// sold-out marker at most once and then answers without storage.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FirstComeBurstTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Units = 100;
    /// <summary>
    /// Transactions per award the whole burst may cost: the award, the voucher code and the code recorded on the award
    /// are three. One instance needs no more (its racers never try the same unit or code); several instances each find
    /// some units and codes taken by the others, a share bounded by how much of the stock an instance tries at once.
    /// The bounds are the same at 500 and 2,000 racers: the old probing cost about one failed transaction per racer per unit.
    /// </summary>
    private static double TransactionsPerAwardBound(int instances) => instances == 1 ? 3.2 : 5.0;

    [Theory]
    [InlineData(500, 1)]
    [InlineData(2000, 1)]
    [InlineData(500, 3)]
    [InlineData(2000, 3)]
    public async Task A_burst_gives_each_unit_and_code_once_and_costs_per_award_what_it_costs_at_any_number_of_racers(int racers, int instanceCount)
    {
        var scenario = await EntryScenario.CreateAsync(azurite, $"burst-{racers}-{instanceCount}", TimeProvider.System,
            new EntryScenarioOptions { Tickets = Units, Awards = true });
        var campaign = scenario.Campaign;
        await scenario.Vouchers.AddAsync(campaign.Id, "ticket", Enumerable.Range(1, Units).Select(i => $"MOVIE-{i:D4}").ToList(), CancellationToken.None);
        var instances = Enumerable.Range(0, instanceCount).Select(_ => Instance.Create(azurite, scenario)).ToList();

        // An early bird wins before the burst and then races again on every instance, for the other candidate.
        var early = await instances[0].Entries.LikeAsync(campaign.Id, "zhang-san", new Entrant("early-bird", false), CancellationToken.None);
        Assert.NotNull(early.Prize);
        instances.ForEach(i => i.Requests.Reset());

        var burst = Enumerable.Range(0, racers).Select(i =>
                instances[i % instanceCount].Entries.LikeAsync(campaign.Id, "zhang-san", new Entrant($"fan-{i:D5}", false), CancellationToken.None))
            .ToList();
        var again = instances.SelectMany(i => Enumerable.Range(0, 5).Select(_ =>
            i.Entries.LikeAsync(campaign.Id, "li-si", new Entrant("early-bird", false), CancellationToken.None))).ToList();
        var results = await Task.WhenAll(burst);
        var earlyAgain = await Task.WhenAll(again);

        var winners = results.Where(r => r.Prize is not null).Select(r => r.Prize!).ToList();
        Assert.All(results, r => Assert.True(r.Counted));
        Assert.Equal(Units - 1, winners.Count);
        Assert.Equal(1, earlyAgain.Count(r => r.Counted)); // one like of li-si a day; none of them wins
        Assert.All(earlyAgain, r => Assert.Null(r.Prize));

        var rows = await AwardRowsAsync(scenario, campaign.Id);
        var units = rows.Where(r => r.RowKey.StartsWith("unit:ticket:", StringComparison.Ordinal)).ToList();
        var awards = rows.Where(r => r.RowKey.StartsWith("award:", StringComparison.Ordinal)).ToList();
        Assert.Equal(Units, units.Count);
        Assert.Equal(Units, awards.Count);
        Assert.Equal(Units, awards.Select(a => a.GetString("Pseudonym")).Distinct().Count()); // nobody twice
        Assert.Equal(Units, awards.Select(a => a.GetInt32("Unit")).Distinct().Count());
        Assert.Equal(Units, rows.Count(r => r.RowKey.StartsWith("outbox:", StringComparison.Ordinal) && r.GetString("Type") == EventTypes.WinnerAwarded));
        var codes = awards.Select(a => a.GetString("VoucherCode")).ToList();
        Assert.All(codes, Assert.NotNull);
        Assert.Equal(Units, codes.Distinct().Count());
        Assert.Equal(Units, (await scenario.Vouchers.CountAsync(campaign.Id, "ticket", CancellationToken.None)).Issued);

        // The likes' own inserts leave in transactions too when they meet in a bucket: not the awards' cost.
        var transactions = instances.Sum(i => i.Requests.Transactions - i.Requests.TransactionsOf(StorageTables.EntriesName));
        var perAward = transactions / (double)winners.Count;
        output.WriteLine($"{racers} racers on {instanceCount} instance(s): {transactions} transactions for {winners.Count} awards ({perAward:0.00} each); " +
                         $"award-table reads {instances.Sum(i => i.Requests.ReadsOf(StorageTables.AwardsName))}, voucher-table reads {instances.Sum(i => i.Requests.ReadsOf(StorageTables.VouchersName))} {instances[0].Requests.TransactionsByTable()}");
        Assert.InRange(perAward, 3, TransactionsPerAwardBound(instanceCount));
    }

    [Fact]
    public async Task After_the_sell_out_an_instance_reads_storage_at_most_once_and_then_never()
    {
        const int stock = 5;
        var scenario = await EntryScenario.CreateAsync(azurite, "sold-out", TimeProvider.System, new EntryScenarioOptions { Tickets = stock });
        var seller = Instance.Create(azurite, scenario);
        var bystander = Instance.Create(azurite, scenario); // raced early, then missed the sell-out
        Assert.NotNull((await TryAsync(bystander, "bystander", stock)).Given);
        for (var i = 0; i < stock - 1; i++) Assert.NotNull((await TryAsync(seller, $"seller-{i}", stock)).Given);

        // The seller finds every unit taken (maybe after running into the bystander's, unless it did while selling):
        // one range query confirms it and writes the marker.
        seller.Requests.Reset();
        Assert.Null((await TryAsync(seller, "first-too-late", stock)).Given);
        Assert.Equal(1, seller.Requests.ReadsOf(StorageTables.AwardsName));
        Assert.InRange(seller.Requests.Writes - seller.Requests.Transactions, 1, 1);
        Assert.InRange(seller.Requests.Transactions, 0, 1);
        Assert.Equal(stock, (await scenario.Tables.Awards.GetEntityAsync<TableEntity>(scenario.Campaign.Id, "soldout:ticket")).Value.GetInt32("Stock"));

        seller.Requests.Reset();
        await BurstAsync(seller, "late", stock);
        Assert.Equal((0, 0), (seller.Requests.Reads, seller.Requests.Writes));

        // An instance that was not there reads the marker once, however many arrive at once; then nothing.
        var newcomer = Instance.Create(azurite, scenario);
        await BurstAsync(newcomer, "newcomer", stock);
        Assert.Equal((1, 0), (newcomer.Requests.Reads, newcomer.Requests.Writes));
        newcomer.Requests.Reset();
        await BurstAsync(newcomer, "newcomer-again", stock);
        Assert.Equal((0, 0), (newcomer.Requests.Reads, newcomer.Requests.Writes));

        // An instance that raced before the sell-out learns each unit it did not know was taken once (a failed
        // transaction), then confirms with one range query: a cost bounded by the stock, not by the requests.
        bystander.Requests.Reset();
        await BurstAsync(bystander, "bystander-late", stock);
        Assert.InRange(bystander.Requests.Transactions, 0, stock - 1);
        Assert.InRange(bystander.Requests.Reads, 0, 1);
        bystander.Requests.Reset();
        await BurstAsync(bystander, "bystander-later", stock);
        Assert.Equal((0, 0), (bystander.Requests.Reads, bystander.Requests.Writes));

        // The prize's count raised by one: the marker was for five units and says nothing about the sixth.
        Assert.Equal(stock + 1, (await TryAsync(newcomer, "after-the-raise", stock + 1)).Given?.Unit);
    }

    [Fact]
    public async Task A_past_winner_is_told_from_a_taken_unit_by_the_failed_action_without_a_read()
    {
        var scenario = await EntryScenario.CreateAsync(azurite, "past-winner", TimeProvider.System, new EntryScenarioOptions { Tickets = 10 });
        var instance = Instance.Create(azurite, scenario);
        var first = await TryAsync(instance, "lucky", 10);
        Assert.NotNull(first.Given);

        instance.Requests.Reset();
        var again = await TryAsync(instance, "lucky", 10);

        Assert.Equal(StockOutcome.Winner, again);
        Assert.Equal((0, 1), (instance.Requests.Reads, instance.Requests.Transactions));
        // The unit it tried is still free for someone else.
        var rows = await AwardRowsAsync(scenario, scenario.Campaign.Id);
        Assert.Single(rows, r => r.RowKey.StartsWith("unit:ticket:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_campaign_that_allows_several_wins_gives_one_entrant_several_units_never_more_than_the_stock()
    {
        var scenario = await EntryScenario.CreateAsync(azurite, "many-wins", TimeProvider.System, new EntryScenarioOptions { Tickets = 20 });
        var instances = Enumerable.Range(0, 2).Select(_ => Instance.Create(azurite, scenario)).ToList();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            instances[i % 2].Awards.TryAwardFromStockAsync(AwardFor(scenario.Campaign.Id, "collector"), 20, oneWinPerEntrant: false,
                new OutboxEvent(scenario.Campaign.Id, "awarded-firstcome-ticket", EventTypes.WinnerAwarded, DateTimeOffset.UtcNow, ""),
                CancellationToken.None)));

        var given = outcomes.Where(o => o.Given is not null).Select(o => o.Given!.Unit).ToList();
        Assert.Equal(20, given.Count);
        Assert.Equal(Enumerable.Range(1, 20).Cast<int?>(), given.Order());
    }

    private static Task BurstAsync(Instance instance, string prefix, int stock) =>
        Task.WhenAll(Enumerable.Range(0, 50).Select(async i => Assert.Equal(StockOutcome.SoldOut, await TryAsync(instance, $"{prefix}-{i}", stock))));

    private static Task<StockOutcome> TryAsync(Instance instance, string entrant, int stock) =>
        instance.Awards.TryAwardFromStockAsync(AwardFor(instance.CampaignId, entrant), stock, oneWinPerEntrant: true,
            new OutboxEvent(instance.CampaignId, "awarded-firstcome-ticket", EventTypes.WinnerAwarded, DateTimeOffset.UtcNow, ""), CancellationToken.None);

    private static Award AwardFor(string campaignId, string entrant) => new()
    {
        CampaignId = campaignId, AwardId = "", PrizeId = "ticket", ActivityId = "likes", Pseudonym = Pseudonym.Of(campaignId, entrant, (string?)null),
        EntrantId = entrant, Mode = AwardedBy.FirstCome, AwardedAt = DateTimeOffset.UtcNow,
    };

    private static async Task<List<TableEntity>> AwardRowsAsync(EntryScenario scenario, string campaignId)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in scenario.Tables.Awards.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {campaignId}")))
            rows.Add(row);
        return rows;
    }

    /// <summary>One Functions instance: its own storage clients (counted) and its own stores, so its own memory.</summary>
    private sealed record Instance(string CampaignId, StorageRequestCounter Requests, TableAwardStore Awards, EntryService Entries)
    {
        public static Instance Create(AzuriteFixture azurite, EntryScenario scenario)
        {
            var requests = new StorageRequestCounter();
            var options = new TableClientOptions();
            options.AddPolicy(requests, HttpPipelinePosition.PerCall);
            var tables = new StorageTables(new TableServiceClient(azurite.ConnectionString, options), scenario.TablePrefix);
            var clock = TimeProvider.System;
            var awards = new TableAwardStore(tables, new AwardChanges());
            var issuer = new VoucherIssuer(awards, new TableVoucherStore(tables, clock), clock);
            var catalog = new PublicCampaignCatalog(new CachingCampaignStore(new TableCampaignStore(tables), clock, new CampaignCacheOptions { TimeToLive = TimeSpan.FromMinutes(5) }), clock);
            var entryStore = new TableEntryStore(tables);
            var entries = new EntryService(catalog, entryStore, new TableSeatStore(tables), clock, new EntryPolicy(),
                new AwardService(awards, clock, issuer, new CachingInstantSeedStore(new TableInstantSeedStore(tables)),
                    new CachingDisqualificationStore(new TableDisqualificationStore(tables), clock, AwardService.DisqualifiedFreshFor)),
                new EntryFigures(new TableFigureStore(tables), catalog, new TableCampaignStore(tables), clock, new FigureOptions(), entryStore),
                Support.EntryWatches.Over(tables, clock));
            return new Instance(scenario.Campaign.Id, requests, awards, entries);
        }
    }
}

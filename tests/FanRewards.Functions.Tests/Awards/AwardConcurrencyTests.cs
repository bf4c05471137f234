using Azure.Data.Tables;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Entering;
using FanRewards.Core.Entries;
using FanRewards.Core.Outbox;
using FanRewards.Storage;

namespace FanRewards.Functions.Tests.Awards;

/// <summary>First come, first served against real Table Storage: a burst never oversells stock, and nobody wins twice.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AwardConcurrencyTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const int Tickets = 50;
    private StorageTables _tables = null!;
    private EntryService _entries = null!;
    private Campaign _campaign = null!;

    public async Task InitializeAsync()
    {
        var scenario = await EntryScenario.CreateAsync(azurite, "tickets", TimeProvider.System,
            new EntryScenarioOptions { Tickets = Tickets, Awards = true });
        (_tables, _entries, _campaign) = (scenario.Tables, scenario.Entries, scenario.Campaign);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_thousand_concurrent_likers_for_fifty_tickets_give_exactly_fifty_winners()
    {
        var results = new LikeResult[1000];
        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, ct) =>
            results[i] = await _entries.LikeAsync(_campaign.Id, i % 2 == 0 ? "zhang-san" : "li-si", new Entrant($"fan-{i:D4}", false), ct));

        var winners = results.Where(r => r.Prize is not null).ToList();
        Assert.Equal(Tickets, winners.Count);
        Assert.Equal(Tickets, winners.Select(w => w.Prize!.AwardId).Distinct().Count());
        Assert.All(winners, w => Assert.Equal("ticket", w.Prize!.PrizeId));
        var rows = await RowsAsync();
        Assert.Equal(Tickets, rows.Count(r => r.RowKey.StartsWith("unit:ticket:", StringComparison.Ordinal)));
        Assert.Equal(Tickets, rows.Count(r => r.RowKey.StartsWith("award:", StringComparison.Ordinal)));
        // The event announcing each award was written with it, in the same transaction.
        Assert.Equal(Tickets, rows.Count(r => r.RowKey.StartsWith("outbox:", StringComparison.Ordinal) && r.GetString("Type") == EventTypes.WinnerAwarded));
    }

    [Fact]
    public async Task A_winner_liking_again_wins_nothing_more_and_sees_the_prize_as_their_own()
    {
        var fan = new Entrant("lucky", false);
        var first = await _entries.LikeAsync(_campaign.Id, "zhang-san", fan, CancellationToken.None);
        var second = await _entries.LikeAsync(_campaign.Id, "li-si", fan, CancellationToken.None);

        Assert.NotNull(first.Prize);
        Assert.True(second.Counted);
        Assert.Null(second.Prize);
        var mine = await _entries.GetMineAsync(_campaign.Id, fan, CancellationToken.None);
        Assert.Equal(first.Prize!.AwardId, Assert.Single(mine.Prizes!).AwardId);
        var others = await _entries.GetMineAsync(_campaign.Id, new Entrant("unlucky-bystander", false), CancellationToken.None);
        Assert.Empty(others.Prizes!);
    }

    private async Task<List<TableEntity>> RowsAsync()
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _tables.Awards.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {_campaign.Id}"))) rows.Add(row);
        return rows;
    }
}

using Azure.Data.Tables;
using FanRewards.Core.Awards;
using FanRewards.Core.Outbox;
using FanRewards.Storage;

namespace FanRewards.Functions.Tests.Events;

/// <summary>
/// The admin list of a campaign's newest events reads what it shows, not the campaign's history (#11): the newest-first
/// rows the award store writes with its events name where to start, and the answer is the one a read of every event gave.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class OutboxListTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2027, 2, 24, 12, 0, 0, TimeSpan.Zero);
    private readonly StorageRequestCounter _requests = new();
    private StorageTables _tables = null!;
    private TableOutbox _outbox = null!;

    public async Task InitializeAsync()
    {
        var counted = new TableClientOptions();
        counted.AddPolicy(_requests, Azure.Core.HttpPipelinePosition.PerCall);
        _tables = new StorageTables(new TableServiceClient(azurite.ConnectionString, counted), StorageNames.Unique("ol"));
        await _tables.EnsureCreatedAsync(CancellationToken.None);
        _outbox = new TableOutbox(_tables);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_newest_20_of_2000_events_cost_two_queries_of_about_40_rows_and_match_a_read_of_every_event()
    {
        var events = Events("busy", 2000);
        await WriteAsync(events, indexed: true);

        var (listed, reads, writes, rows) = await CountedListAsync("busy", 20);

        Assert.Equal(await EveryEventNewestFirstAsync("busy", 20), listed);
        // 20 index keys (20 instants), then the 40 events of those instants (two per instant, as a pass writes them).
        Assert.Equal((2, 0), (reads, writes));
        Assert.InRange(rows, 20, 60);

        // Whatever the page, the same answer as before the index: a cut inside an instant, the largest page, more than there is.
        foreach (var max in new[] { 1, 7, 1000, 5000 })
            Assert.Equal(await EveryEventNewestFirstAsync("busy", max), await _outbox.ListAsync("busy", max, CancellationToken.None));
    }

    [Fact]
    public async Task A_campaign_written_before_the_index_is_read_whole_once_and_then_listed_in_two_queries()
    {
        var events = Events("legacy", 2000);
        await WriteAsync(events, indexed: false);
        var expected = await EveryEventNewestFirstAsync("legacy", 20);

        var (first, _, backfills, everyRow) = await CountedListAsync("legacy", 20);
        Assert.Equal(expected, first);
        Assert.True(everyRow >= 2000, $"{everyRow} rows: the first list reads every event");
        Assert.Equal(10, backfills); // 1,000 instants indexed, 100 a transaction
        Assert.Equal(TableOutbox.BackfillDepth, await CountAsync("legacy", TableOutbox.NewestFirstPrefix, "outbox-newest;"));

        var (second, reads, writes, rows) = await CountedListAsync("legacy", 20);
        Assert.Equal(expected, second);
        Assert.Equal((2, 0), (reads, writes));
        Assert.InRange(rows, 20, 60);
    }

    [Fact]
    public async Task The_award_stores_transactions_write_the_newest_first_rows_so_a_list_needs_no_backfill()
    {
        const string campaignId = "store";
        var store = new TableAwardStore(_tables, new AwardChanges());
        var given = Enumerable.Range(1, 30).Select(i => DrawAward(campaignId, i)).ToList();
        await store.EnsureAwardsAsync(given.Select(a => (a, new OutboxEvent(campaignId, $"awarded-{a.AwardId}", EventTypes.WinnerAwarded, a.AwardedAt, "")))
            .ToList(), oneWinPerEntrant: true, CancellationToken.None);
        var first = await store.FindAsync(campaignId, given[0].AwardId, CancellationToken.None);
        var claimedAt = Start.AddHours(1);
        Assert.True(await store.TryUpdateAsync(first! with { Status = AwardStatus.Claimed, ClaimedAt = claimedAt },
            [new OutboxEvent(campaignId, $"claimed-{first.AwardId}", EventTypes.PrizeClaimed, claimedAt, "")], CancellationToken.None));
        var stock = await store.TryAwardFromStockAsync(DrawAward(campaignId, 99) with { Mode = AwardedBy.FirstCome, DrawId = null, Rank = null }, 1,
            oneWinPerEntrant: true, new OutboxEvent(campaignId, "awarded-first-come", EventTypes.WinnerAwarded, Start.AddHours(2), ""), CancellationToken.None);
        Assert.NotNull(stock.Given);
        Assert.Equal(32, await CountAsync(campaignId, TableOutbox.NewestFirstPrefix, "outbox-newest;"));

        var (listed, reads, writes, rows) = await CountedListAsync(campaignId, 20);

        Assert.Equal(await EveryEventNewestFirstAsync(campaignId, 20), listed);
        Assert.Equal(["awarded-first-come-0000001", $"claimed-{first.AwardId}", "awarded-draw-main-000030"], listed.Take(3).Select(e => e.EventId));
        Assert.Equal((2, 0), (reads, writes)); // no backfill: every instant was indexed by its transaction
        Assert.InRange(rows, 20, 40);
    }

    /// <summary>The list, with the requests it made (reads, writes) and the rows it read.</summary>
    private async Task<(IReadOnlyList<OutboxEvent> Listed, int Reads, int Writes, int Rows)> CountedListAsync(string campaignId, int max)
    {
        _requests.Reset();
        var listed = await _outbox.ListAsync(campaignId, max, CancellationToken.None);
        return (listed, _requests.Reads, _requests.Writes, _requests.RowsRead);
    }

    /// <summary>Two events per instant (as a pass writes an ended award's event and the next holder's together).</summary>
    private static List<OutboxEvent> Events(string campaignId, int count) =>
        Enumerable.Range(0, count).Select(i => new OutboxEvent(campaignId, $"event-{i:D5}", EventTypes.WinnerAwarded, Start.AddSeconds(i / 2),
            $$"""{"n":{{i}}}""")).ToList();

    private async Task WriteAsync(List<OutboxEvent> events, bool indexed)
    {
        foreach (var chunk in events.Chunk(50))
        {
            var actions = chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Add, TableOutbox.ToEntity(e))).ToList();
            if (indexed) actions.AddRange(TableOutbox.NewestFirstActions(chunk));
            await _tables.Awards.SubmitTransactionAsync(actions);
        }
    }

    /// <summary>What the list answered before the index: every event read, the last <paramref name="max"/> of them, reversed.</summary>
    private async Task<List<OutboxEvent>> EveryEventNewestFirstAsync(string campaignId, int max)
    {
        var all = new List<OutboxEvent>();
        await foreach (var row in _tables.Awards.QueryAsync<TableEntity>(TableClient.CreateQueryFilter(
                           $"PartitionKey eq {campaignId} and RowKey ge {TableOutbox.RowKeyPrefix} and RowKey lt {"outbox;"}")))
        {
            all.Add(TableOutbox.FromEntity(row));
        }
        return Enumerable.Reverse(all).Take(max).ToList();
    }

    private async Task<int> CountAsync(string campaignId, string from, string below)
    {
        var n = 0;
        await foreach (var _ in _tables.Awards.QueryAsync<TableEntity>(TableClient.CreateQueryFilter(
                           $"PartitionKey eq {campaignId} and RowKey ge {from} and RowKey lt {below}"), select: ["RowKey"]))
        {
            n++;
        }
        return n;
    }

    private static Award DrawAward(string campaignId, int rank) => new()
    {
        CampaignId = campaignId, AwardId = $"draw-main-{rank:D6}", PrizeId = "pass", ActivityId = "riddles", Pseudonym = $"p{rank:D63}",
        EntrantId = $"fan-{rank}", Mode = AwardedBy.Draw, AwardedAt = Start.AddMinutes(rank), DrawId = "main", Rank = rank,
    };
}

using Azure.Data.Tables;

namespace FanRewards.Storage.Tests;

/// <summary>Voucher codes against Azurite: idempotent uploads, and one code to one award under concurrency and repeats.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableVoucherStoreTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2027, 2, 12, 12, 0, 0, TimeSpan.Zero);
    private StorageTables _tables = null!;
    private TableVoucherStore _store = null!;

    public async Task InitializeAsync()
    {
        _tables = new StorageTables(new TableServiceClient(azurite.ConnectionString), StorageNames.Unique("vouchers"));
        await _tables.EnsureCreatedAsync(CancellationToken.None);
        _store = new TableVoucherStore(_tables, new ManualClock(Now));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static List<string> Codes(int count, string prefix = "MOVIE") => TestVoucherCodes.Numbered(count, prefix);

    [Fact]
    public async Task An_upload_with_repeats_counts_them_and_the_same_upload_again_adds_nothing()
    {
        // 250 codes (three transactions), each of the first 20 sent twice.
        var codes = Codes(250);
        codes.AddRange(codes.Take(20));

        var first = await _store.AddAsync("lantern", "movie", codes, CancellationToken.None);

        Assert.Equal(new Core.Awards.VoucherUploadResult(Received: 270, Distinct: 250, Added: 250, AlreadyPresent: 0,
            TotalForPrize: 250, Available: 250), first);

        var second = await _store.AddAsync("lantern", "movie", codes, CancellationToken.None);

        Assert.Equal(new Core.Awards.VoucherUploadResult(270, 250, 0, 250, 250, 250), second);

        // An overlapping upload adds only what is new.
        var third = await _store.AddAsync("lantern", "movie", Codes(300), CancellationToken.None);
        Assert.Equal(new Core.Awards.VoucherUploadResult(300, 300, 50, 250, 300, 300), third);
        Assert.Equal(new Core.Awards.VoucherCounts(300, 0, 300), await _store.CountAsync("lantern", "movie", CancellationToken.None));
        // Prizes are kept apart.
        Assert.Equal(new Core.Awards.VoucherCounts(0, 0, 0), await _store.CountAsync("lantern", "other", CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_uploads_of_the_same_codes_store_each_once()
    {
        var codes = Codes(300);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _store.AddAsync("lantern", "movie", codes, CancellationToken.None)));

        Assert.Equal(300, results.Sum(r => r.Added));
        Assert.All(results, r => Assert.Equal(300, r.Added + r.AlreadyPresent));
        Assert.Equal(new Core.Awards.VoucherCounts(300, 0, 300), await _store.CountAsync("lantern", "movie", CancellationToken.None));
    }

    [Fact]
    public async Task Two_hundred_awards_racing_for_one_hundred_codes_get_one_hundred_distinct_codes_and_one_hundred_nulls()
    {
        var codes = Codes(100);
        await _store.AddAsync("lantern", "movie", codes, CancellationToken.None);
        // A second instance (its own candidate pool) races the first, as two Function App instances would.
        var other = new TableVoucherStore(_tables, new ManualClock(Now));

        var issued = await Task.WhenAll(Enumerable.Range(1, 200).Select(async n =>
        {
            await Task.Yield();
            var store = n % 2 == 0 ? _store : other;
            return (AwardId: $"draw-movie-{n}", Code: await store.IssueAsync("lantern", "movie", $"draw-movie-{n}", CancellationToken.None));
        }));

        var winners = issued.Where(i => i.Code is not null).ToList();
        Assert.Equal(100, winners.Count);
        Assert.Equal(100, issued.Count(i => i.Code is null));
        Assert.Equal(codes.Order(StringComparer.Ordinal), winners.Select(w => w.Code!).Order(StringComparer.Ordinal));

        // Storage agrees: every code is recorded against exactly the award it was returned to.
        var rows = await CodeRows("lantern", "movie");
        Assert.Equal(100, rows.Count);
        Assert.All(rows, r => Assert.True(r.GetBoolean("Issued")));
        var holder = rows.ToDictionary(r => r.RowKey, r => r.GetString("IssuedTo"));
        Assert.All(winners, w => Assert.Equal(w.AwardId, holder[w.Code!]));
        Assert.Equal(100, holder.Values.Distinct().Count());
        Assert.Equal(new Core.Awards.VoucherCounts(100, 100, 0), await _store.CountAsync("lantern", "movie", CancellationToken.None));

        // Asking again changes nothing: winners keep their code, the others still get none.
        foreach (var (awardId, code) in issued.Take(40))
            Assert.Equal(code, await _store.IssueAsync("lantern", "movie", awardId, CancellationToken.None));
    }

    [Fact]
    public async Task One_code_raced_for_by_ten_instances_goes_to_exactly_one_award()
    {
        // Every instance reads the same single free code, so all but one lose the ETag check and must find nothing left.
        await _store.AddAsync("lantern", "single", ["ONLY-1"], CancellationToken.None);
        var instances = Enumerable.Range(0, 10).Select(_ => new TableVoucherStore(_tables, new ManualClock(Now))).ToList();

        var issued = await Task.WhenAll(Enumerable.Range(0, 30).Select(async n =>
        {
            await Task.Yield();
            return await instances[n % 10].IssueAsync("lantern", "single", $"instant-single-{n}", CancellationToken.None);
        }));

        Assert.Equal("ONLY-1", Assert.Single(issued, c => c is not null));
        var row = Assert.Single(await CodeRows("lantern", "single"));
        Assert.Equal($"instant-single-{Array.IndexOf(issued, "ONLY-1")}", row.GetString("IssuedTo"));
    }

    [Fact]
    public async Task The_same_award_asking_twice_or_twenty_times_at_once_gets_one_code()
    {
        await _store.AddAsync("lantern", "movie", Codes(50), CancellationToken.None);

        var first = await _store.IssueAsync("lantern", "movie", "instant-movie-1", CancellationToken.None);
        var again = await _store.IssueAsync("lantern", "movie", "instant-movie-1", CancellationToken.None);

        Assert.NotNull(first);
        Assert.Equal(first, again);

        var other = new TableVoucherStore(_tables, new ManualClock(Now));
        var racing = await Task.WhenAll(Enumerable.Range(0, 20).Select(async n =>
        {
            await Task.Yield();
            return await (n % 2 == 0 ? _store : other).IssueAsync("lantern", "movie", "instant-movie-2", CancellationToken.None);
        }));

        var code = Assert.Single(racing.Distinct());
        Assert.NotNull(code);
        Assert.NotEqual(first, code);
        var rows = await CodeRows("lantern", "movie");
        Assert.Equal(["instant-movie-1", "instant-movie-2"], rows.Where(r => r.GetBoolean("Issued") == true)
            .Select(r => r.GetString("IssuedTo")).Order(StringComparer.Ordinal));
        Assert.Equal(new Core.Awards.VoucherCounts(50, 2, 48), await _store.CountAsync("lantern", "movie", CancellationToken.None));
    }

    [Fact]
    public async Task Without_codes_an_award_gets_null_and_a_later_upload_serves_it()
    {
        Assert.Null(await _store.IssueAsync("lantern", "late", "draw-late-1", CancellationToken.None));

        await _store.AddAsync("lantern", "late", ["LATE-1"], CancellationToken.None);

        Assert.Equal("LATE-1", await _store.IssueAsync("lantern", "late", "draw-late-1", CancellationToken.None));
        Assert.Null(await _store.IssueAsync("lantern", "late", "draw-late-2", CancellationToken.None));
        // Uploading an issued code again leaves it with its award.
        var result = await _store.AddAsync("lantern", "late", ["LATE-1", "LATE-2"], CancellationToken.None);
        Assert.Equal(new Core.Awards.VoucherUploadResult(2, 2, 1, 1, 2, 1), result);
        Assert.Equal("LATE-1", await _store.IssueAsync("lantern", "late", "draw-late-1", CancellationToken.None));
        Assert.Equal("LATE-2", await _store.IssueAsync("lantern", "late", "draw-late-2", CancellationToken.None));
    }

    private async Task<List<TableEntity>> CodeRows(string campaignId, string prizeId)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _tables.Vouchers.QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey eq {TableVoucherStore.Partition(campaignId, prizeId)} and RowKey lt {"~"}")))
        {
            rows.Add(row);
        }

        return rows;
    }
}

using Azure.Data.Tables;
using FanRewards.Core.Campaigns;

namespace FanRewards.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class TableCampaignStoreTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private StorageTables _tables = null!;
    private TableCampaignStore _store = null!;

    public async Task InitializeAsync()
    {
        _tables = new StorageTables(new TableServiceClient(azurite.ConnectionString));
        await _tables.EnsureCreatedAsync(CancellationToken.None);
        _store = new TableCampaignStore(_tables);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_created_campaign_reads_back_with_its_items_in_the_order_written()
    {
        var id = UniqueId();
        var created = await Create(id);
        var riddles = TestCampaign.NumberedRiddles(250).Reverse().ToList(); // more than one 100-entity transaction, last first
        var saved = await _store.SaveAsync(created.Campaign with { Riddles = riddles, Prizes = TestCampaign.Riddle(id, Now).Build().Prizes }, created.ETag,
            CampaignItemKinds.Riddles | CampaignItemKinds.Prizes, Audit(id, "replace"), CancellationToken.None);

        var found = await _store.FindAsync(id, CancellationToken.None);

        Assert.NotNull(found);
        Assert.Equal(saved.ETag, found.ETag);
        Assert.Equal(riddles.Select(r => r.Id), found.Campaign.Riddles.Select(r => r.Id));
        Assert.Equal(["告", "secret-250"], found.Campaign.Riddles[0].Answers);
        Assert.Equal("旅游年卡", Assert.Single(found.Campaign.Prizes).Name);
        Assert.Equal(created.Campaign.Definition.Schedule!.OpensAt, found.Campaign.Definition.Schedule!.OpensAt);
        Assert.Equal("main", Assert.Single(found.Campaign.Definition.Schedule.Draws!).Id);
        Assert.Equal("元宵猜灯谜", found.Campaign.Definition.Title);
    }

    [Fact]
    public async Task The_version_is_stored_with_the_campaign_and_a_row_from_before_versions_reads_as_0()
    {
        var id = UniqueId();
        var created = await Create(id);
        await _store.SaveAsync(created.Campaign with { Version = 7 }, created.ETag, CampaignItemKinds.None, Audit(id, "update"), CancellationToken.None);
        Assert.Equal(7, (await _store.FindAsync(id, CancellationToken.None))!.Campaign.Version);

        var row = (await _tables.Campaigns.GetEntityAsync<TableEntity>("campaign", id)).Value;
        row.Remove("Version");
        await _tables.Campaigns.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
        Assert.Equal(0, (await _store.FindAsync(id, CancellationToken.None))!.Campaign.Version);
    }

    [Fact]
    public async Task Creating_an_existing_id_is_refused()
    {
        var id = UniqueId();
        await Create(id);
        await Assert.ThrowsAsync<CampaignAlreadyExistsException>(() => Create(id));
    }

    [Fact]
    public async Task A_save_with_a_stale_etag_is_refused_and_changes_nothing()
    {
        var id = UniqueId();
        var created = await Create(id);
        await _store.SaveAsync(created.Campaign with { Riddles = TestCampaign.NumberedRiddles(3) }, created.ETag, CampaignItemKinds.Riddles,
            Audit(id, "first"), CancellationToken.None);

        await Assert.ThrowsAsync<EditConflictException>(() => _store.SaveAsync(
            created.Campaign with { Riddles = TestCampaign.NumberedRiddles(7) }, created.ETag, CampaignItemKinds.Riddles, Audit(id, "stale"),
            CancellationToken.None));

        var found = await _store.FindAsync(id, CancellationToken.None);
        Assert.Equal(3, found!.Campaign.Riddles.Count);
        Assert.DoesNotContain(await _store.ListAuditAsync(id, 100, CancellationToken.None), a => a.Action == "stale");
    }

    [Fact]
    public async Task Of_many_parallel_saves_from_the_same_version_exactly_one_wins()
    {
        var id = UniqueId();
        var created = await Create(id);

        var attempts = Enumerable.Range(1, 16).Select(async n =>
        {
            try
            {
                await _store.SaveAsync(created.Campaign with { Riddles = TestCampaign.NumberedRiddles(n) }, created.ETag, CampaignItemKinds.Riddles,
                    Audit(id, $"writer-{n}"), CancellationToken.None);
                return n;
            }
            catch (EditConflictException)
            {
                return 0;
            }
        }).ToList();
        var winners = (await Task.WhenAll(attempts)).Where(n => n > 0).ToList();

        var winner = Assert.Single(winners);
        var found = await _store.FindAsync(id, CancellationToken.None);
        // The losers' rows were written under revisions nobody points at: the reader sees exactly the winner's set.
        Assert.Equal(winner, found!.Campaign.Riddles.Count);
        var audit = await _store.ListAuditAsync(id, 100, CancellationToken.None);
        Assert.Single(audit, a => a.Action.StartsWith("writer-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_replace_removes_the_rows_of_earlier_revisions()
    {
        var id = UniqueId();
        var created = await Create(id);
        var first = await _store.SaveAsync(created.Campaign with { Riddles = TestCampaign.NumberedRiddles(5) }, created.ETag,
            CampaignItemKinds.Riddles, Audit(id, "a"), CancellationToken.None);
        await _store.SaveAsync(first.Campaign with { Riddles = TestCampaign.NumberedRiddles(2) }, first.ETag, CampaignItemKinds.Riddles,
            Audit(id, "b"), CancellationToken.None);

        var rows = await CountItemRows(id, "riddle");

        Assert.Equal(2, rows);
    }

    [Fact]
    public async Task Rows_left_by_a_writer_that_died_before_flipping_the_revision_stay_invisible_and_are_cleaned_up()
    {
        var id = UniqueId();
        var created = await Create(id);
        // What a crashed replace leaves behind: item rows of a revision the settings row never pointed at.
        await _tables.CampaignItems.AddEntityAsync(new TableEntity(id, "riddle:deadbeef0000:r9999")
        {
            ["Order"] = 0, ["Data"] = """{"id":"r9999","activityId":"riddles","question":"orphan","answers":["x"]}""",
        });

        var found = await _store.FindAsync(id, CancellationToken.None);
        Assert.Empty(found!.Campaign.Riddles);

        await _store.SaveAsync(created.Campaign with { Riddles = TestCampaign.NumberedRiddles(1) }, created.ETag, CampaignItemKinds.Riddles,
            Audit(id, "replace"), CancellationToken.None);
        Assert.Equal(1, await CountItemRows(id, "riddle"));
    }

    [Fact]
    public async Task Every_change_is_audited_newest_first()
    {
        var id = UniqueId();
        var created = await Create(id);
        var saved = await _store.SaveAsync(created.Campaign, created.ETag, CampaignItemKinds.None,
            Audit(id, "second", Now.AddMinutes(1)), CancellationToken.None);
        await _store.SaveAsync(saved.Campaign, saved.ETag, CampaignItemKinds.None, Audit(id, "third", Now.AddMinutes(2)), CancellationToken.None);

        var audit = await _store.ListAuditAsync(id, 100, CancellationToken.None);

        Assert.Equal(["third", "second", "create"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal("tester", a.Actor));
    }

    [Fact]
    public async Task An_audit_entry_written_with_its_change_survives_a_crash_before_it_was_copied()
    {
        var id = UniqueId();
        await Create(id);
        // Simulate a process that committed a change (settings row with its audit entry) and died before the copy.
        var row = (await _tables.Campaigns.GetEntityAsync<TableEntity>("campaign", id)).Value;
        row["LastAudit"] = """{"id":"crashed","at":"2026-12-01T09:00:00+00:00","actor":"ops","action":"publish","summary":"Published."}""";
        await _tables.Campaigns.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);

        var audit = await _store.ListAuditAsync(id, 100, CancellationToken.None);

        Assert.Contains(audit, a => a.Action == "publish" && a.Actor == "ops");
    }

    [Fact]
    public async Task Listing_returns_definitions_and_lifecycle()
    {
        var id = UniqueId();
        var created = await Create(id);
        await _store.SaveAsync(created.Campaign with { Lifecycle = CampaignLifecycle.Published, PublishedAt = Now }, created.ETag,
            CampaignItemKinds.None, Audit(id, "publish"), CancellationToken.None);

        var listed = Assert.Single(await _store.ListAsync(CancellationToken.None), s => s.Campaign.Id == id);

        Assert.Equal(CampaignLifecycle.Published, listed.Campaign.Lifecycle);
        Assert.Equal(Now, listed.Campaign.PublishedAt);
    }

    private async Task<StoredCampaign> Create(string id) => await _store.CreateAsync(
        TestCampaign.Riddle(id, Now).WithoutRiddles().WithoutPrizes().Build(), Audit(id, "create"),
        CancellationToken.None);

    private async Task<int> CountItemRows(string id, string prefix)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey ge {prefix + ":"} and RowKey lt {prefix + ";"}");
        var count = 0;
        await foreach (var _ in _tables.CampaignItems.QueryAsync<TableEntity>(filter)) count++;
        return count;
    }

    private static AuditEntry Audit(string id, string action, DateTimeOffset? at = null) => new(id, at ?? Now, "tester", action, action) { Code = AuditCodes.ForLegacyAction(action) };

    private static string UniqueId() => "t-" + Guid.NewGuid().ToString("N")[..20];
}

using Azure.Core;
using Azure.Data.Tables;
using FanRewards.Core;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Entering;
using FanRewards.Core.Entries;
using FanRewards.Core.Figures;
using FanRewards.Storage;

namespace FanRewards.Functions.Tests.Entries;

/// <summary>
/// The entry invariants against real Table Storage (Azurite): many identical requests at once leave one entry, seats
/// are never oversold, and an accepted entry costs one storage write.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EntryConcurrencyTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const int Burst = 100;
    private readonly StorageRequestCounter _requests = new();
    private StorageTables _tables = null!;
    private EntryService _entries = null!;
    private Campaign _campaign = null!;

    public async Task InitializeAsync()
    {
        var scenario = await EntryScenario.CreateAsync(azurite, "burst", TimeProvider.System, new EntryScenarioOptions { Requests = _requests });
        (_tables, _entries, _campaign) = (scenario.Tables, scenario.Entries, scenario.Campaign);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_burst_of_identical_right_answers_leaves_one_entry_with_one_attempt()
    {
        var entrant = new Entrant("worker-1", IsMember: false);

        var results = await Task.WhenAll(Enumerable.Range(0, Burst).Select(_ =>
            _entries.AnswerRiddleAsync(_campaign.Id, "r1", entrant, "告", CancellationToken.None)));

        Assert.All(results, r => Assert.True(r.Correct));
        var rows = await EntryRows();
        var entry = Assert.Single(rows);
        Assert.Matches(@"^r1=1\+@\d{13}$", entry.GetString("Progress")); // one attempt, right, and when (Unix ms)
    }

    [Fact]
    public async Task A_burst_of_identical_wrong_answers_uses_exactly_the_attempt_limit()
    {
        var entrant = new Entrant("worker-2", IsMember: false);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, Burst).Select(async _ =>
        {
            try
            {
                return (await _entries.AnswerRiddleAsync(_campaign.Id, "r1", entrant, "错", CancellationToken.None)).AttemptsLeft;
            }
            catch (ProblemException e) when (e.Problem.Type.EndsWith("attempts-exhausted", StringComparison.Ordinal))
            {
                return -1;
            }
        }));

        Assert.Equal([0, 1, 2], outcomes.Where(o => o >= 0).Order());
        Assert.Equal(Burst - 3, outcomes.Count(o => o == -1));
        Assert.Matches(@"^r1=3@\d{13}$", Assert.Single(await EntryRows()).GetString("Progress"));
    }

    [Fact]
    public async Task A_burst_of_identical_likes_counts_one_like()
    {
        var entrant = new Entrant("worker-3", IsMember: false);

        var results = await Task.WhenAll(Enumerable.Range(0, Burst).Select(_ =>
            _entries.LikeAsync(_campaign.Id, "zhang-san", entrant, CancellationToken.None)));

        Assert.Single(results, r => r.Counted);
        Assert.Single(await EntryRows());
    }

    [Fact]
    public async Task A_burst_of_sign_ups_never_confirms_more_than_the_seats_and_each_seat_goes_to_one_person()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, Burst).Select(i =>
            _entries.SignUpAsync(_campaign.Id, "museum", new Entrant($"parent-{i}", false),
                new Dictionary<string, string> { ["age-group"] = "6-8岁" }, CancellationToken.None)));

        var confirmed = results.Where(r => r.Status == EntryStatus.Confirmed).ToList();
        Assert.Equal(10, confirmed.Count);
        Assert.Equal(Enumerable.Range(1, 10), confirmed.Select(r => r.Seat!.Value).Order());
        Assert.Equal(Burst - 10, results.Count(r => r.Status == EntryStatus.Waitlisted));
        var stored = await EntryRows();
        Assert.Equal(10, stored.Count(r => r.GetString("Status") == "confirmed"));
        Assert.Equal(Burst - 10, stored.Count(r => r.GetString("Status") == "waitlisted"));
    }

    [Fact]
    public async Task A_burst_of_identical_sign_ups_from_one_person_takes_one_seat()
    {
        var entrant = new Entrant("parent-x", IsMember: false);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, Burst).Select(async _ =>
        {
            try
            {
                return (await _entries.SignUpAsync(_campaign.Id, "museum", entrant,
                    new Dictionary<string, string> { ["age-group"] = "9-11岁" }, CancellationToken.None)).Seat;
            }
            catch (ProblemException e) when (e.Problem.Type.EndsWith("already-entered", StringComparison.Ordinal))
            {
                return e.Problem.Extensions!["seat"] as int?;
            }
        }));

        Assert.All(outcomes, seat => Assert.Equal(1, seat));
        var seatRows = await StateRows($"{_campaign.Id}:seats:museum");
        Assert.Equal(2, seatRows.Count); // one seat row and one holder row
    }

    [Fact]
    public async Task A_burst_of_identical_check_ins_records_one_per_day()
    {
        var entrant = new Entrant("walker", IsMember: false);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, Burst).Select(async _ =>
        {
            try
            {
                await _entries.CheckInAsync(_campaign.Id, "steps", entrant, 15000, CancellationToken.None);
                return true;
            }
            catch (ProblemException e) when (e.Problem.Status == 409)
            {
                return false;
            }
        }));

        Assert.Single(outcomes, accepted => accepted);
        Assert.Equal(12000, Assert.Single(await EntryRows()).GetInt64("Value"));
    }

    [Fact]
    public async Task An_accepted_like_costs_exactly_one_storage_write_and_no_read_of_settings()
    {
        await _entries.LikeAsync(_campaign.Id, "li-si", new Entrant("warm-up", false), CancellationToken.None); // settings now cached
        _requests.Reset();

        var result = await _entries.LikeAsync(_campaign.Id, "li-si", new Entrant("counted", false), CancellationToken.None);

        Assert.True(result.Counted);
        Assert.Equal(1, _requests.Writes);
        Assert.Equal(0, _requests.Reads);
    }

    [Fact]
    public async Task An_accepted_riddle_answer_costs_one_write_and_no_read()
    {
        await _entries.LikeAsync(_campaign.Id, "li-si", new Entrant("warm-up-2", false), CancellationToken.None);
        _requests.Reset();

        var first = await _entries.AnswerRiddleAsync(_campaign.Id, "r1", new Entrant("solver", false), "错", CancellationToken.None);
        Assert.Equal((1, 0), (_requests.Writes, _requests.Reads));
        _requests.Reset();
        var second = await _entries.AnswerRiddleAsync(_campaign.Id, "r1", new Entrant("solver", false), "告", CancellationToken.None);

        Assert.Equal((false, true), (first.Correct, second.Correct));
        Assert.Equal((1, 0), (_requests.Writes, _requests.Reads));
    }

    [Fact]
    public async Task An_answer_on_an_instance_that_has_not_seen_the_entrant_reads_what_another_wrote()
    {
        var entrant = new Entrant("roamer", false);
        await _entries.AnswerRiddleAsync(_campaign.Id, "r1", entrant, "错", CancellationToken.None);
        await _entries.AnswerRiddleAsync(_campaign.Id, "r1", entrant, "错", CancellationToken.None);
        var catalog = new PublicCampaignCatalog(new CachingCampaignStore(new TableCampaignStore(_tables), TimeProvider.System, new CampaignCacheOptions()), TimeProvider.System);
        var otherInstance = new EntryService(catalog, new TableEntryStore(_tables), new TableSeatStore(_tables), TimeProvider.System, new EntryPolicy(),
            NoSpotPrizes.Service(TimeProvider.System), new EntryFigures(new TableFigureStore(_tables), catalog, new TableCampaignStore(_tables),
                TimeProvider.System, new FigureOptions(), new TableEntryStore(_tables)), Support.EntryWatches.Over(_tables, TimeProvider.System));

        var third = await otherInstance.AnswerRiddleAsync(_campaign.Id, "r1", entrant, "错", CancellationToken.None);
        var fourth = await Assert.ThrowsAsync<ProblemException>(() => otherInstance.AnswerRiddleAsync(_campaign.Id, "r1", entrant, "告", CancellationToken.None));

        Assert.Equal(0, third.AttemptsLeft);
        Assert.EndsWith("attempts-exhausted", fourth.Problem.Type);
        Assert.Matches(@"^r1=3@\d{13}$", Assert.Single(await EntryRows()).GetString("Progress"));
    }

    private async Task<List<TableEntity>> EntryRows()
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _tables.Entries.QueryAsync<TableEntity>()) rows.Add(row);
        return rows;
    }

    private async Task<List<TableEntity>> StateRows(string partition)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _tables.CampaignState.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}")))
            rows.Add(row);
        return rows;
    }
}

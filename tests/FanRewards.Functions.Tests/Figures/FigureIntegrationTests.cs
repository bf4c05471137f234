using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Entering;
using FanRewards.Core.Entries;
using FanRewards.Core.Figures;
using FanRewards.Storage;

namespace FanRewards.Functions.Tests.Figures;

/// <summary>
/// The live figures on real Table Storage (Azurite): every instance adds to the same rows, and however their flushes
/// interleave, the stored totals are the sum of what each instance tallied.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FigureIntegrationTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private string _prefix = null!;
    private StorageTables _tables = null!;
    private TableCampaignStore _campaigns = null!;
    private PublicCampaignCatalog _catalog = null!;
    private Campaign _campaign = null!;

    public async Task InitializeAsync()
    {
        var scenario = await EntryScenario.CreateAsync(azurite, "figures", TimeProvider.System);
        (_tables, _prefix, _campaigns, _catalog, _campaign) =
            (scenario.Tables, scenario.TablePrefix, scenario.Campaigns, scenario.Catalog, scenario.Campaign);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private EntryFigures NewInstance() =>
        new(new TableFigureStore(_tables), _catalog, _campaigns, TimeProvider.System, new FigureOptions(), new TableEntryStore(_tables));

    [Fact]
    public async Task Eight_instances_flushing_at_once_again_and_again_lose_and_double_no_count()
    {
        var instances = Enumerable.Range(0, 8).Select(_ => NewInstance()).ToList();

        await Task.WhenAll(instances.Select(async (figures, i) =>
        {
            for (var round = 0; round < 5; round++)
            {
                for (var n = 0; n < 10 + i; n++) figures.EntryAccepted(_campaign.Id, "likes");
                figures.EntryAccepted(_campaign.Id, "riddles");
                figures.EntryRejected(_campaign.Id, Core.Problem.TypePrefix + "rate-limited");
                await figures.FlushAsync(CancellationToken.None);
            }
        }));

        // A flush that lost every race keeps its counts for the next one; the instances keep flushing until none is left.
        await Poll.UntilAsync(async () =>
        {
            await Task.WhenAll(instances.Select(figures => figures.FlushAsync(CancellationToken.None)));
            return instances.All(figures => figures.PendingKeys == 0);
        }, TimeSpan.FromSeconds(30), "every instance's tally written");

        var read = await NewInstance().GetAsync(_campaign.Id, CancellationToken.None);
        var expectedLikes = Enumerable.Range(0, 8).Sum(i => 5 * (10 + i));
        Assert.Equal(expectedLikes, read.Activities.Single(a => a.ActivityId == "likes").Accepted);
        Assert.Equal(40, read.Activities.Single(a => a.ActivityId == "riddles").Accepted);
        Assert.Equal(new RejectFigure("rate-limited", 40), Assert.Single(read.Rejects));
        // An hour boundary may fall inside the test: the hours then split the same totals.
        Assert.Equal(expectedLikes + 40, read.Hours.Sum(h => h.Accepted));
    }

    [Theory]
    [InlineData(3)] // the SDK retries the transaction itself
    [InlineData(0)] // the failure reaches the store
    public async Task A_flush_that_landed_but_whose_answer_was_lost_is_not_counted_twice(int sdkRetries)
    {
        var losing = new LoseFirstBatchAnswer();
        var options = new TableClientOptions();
        options.Retry.MaxRetries = sdkRetries;
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        options.AddPolicy(losing, HttpPipelinePosition.PerRetry);
        var tables = new StorageTables(new TableServiceClient(azurite.ConnectionString, options), _prefix);
        var figures = new EntryFigures(new TableFigureStore(tables), _catalog, _campaigns, TimeProvider.System, new FigureOptions(), new TableEntryStore(tables));
        for (var i = 0; i < 7; i++) figures.EntryAccepted(_campaign.Id, "likes");

        await figures.FlushAsync(CancellationToken.None);
        await figures.FlushAsync(CancellationToken.None); // what a failed add kept, if it kept anything

        Assert.True(losing.Lost, "the first transaction's answer was dropped");
        var read = await NewInstance().GetAsync(_campaign.Id, CancellationToken.None);
        Assert.Equal(7, read.Activities.Single(a => a.ActivityId == "likes").Accepted);
    }

    /// <summary>Lets the first transaction reach storage, then throws as a lost connection would: it landed, nobody heard.</summary>
    private sealed class LoseFirstBatchAnswer : HttpPipelinePolicy
    {
        private int _lost;
        public bool Lost => _lost == 1;

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("async only");

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            if (message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal) && Interlocked.CompareExchange(ref _lost, 1, 0) == 0)
                throw new IOException("The connection was reset before the answer arrived.");
        }
    }

    [Fact]
    public async Task Accepted_entries_count_once_each_and_a_repeated_like_the_same_day_counts_nothing()
    {
        var figures = NewInstance();
        var entries = new EntryService(_catalog, new TableEntryStore(_tables), new TableSeatStore(_tables), TimeProvider.System,
            new EntryPolicy(), NoSpotPrizes.Service(TimeProvider.System), figures, Support.EntryWatches.Over(_tables, TimeProvider.System));

        await entries.LikeAsync(_campaign.Id, "zhang-san", new Entrant("worker-1", false), CancellationToken.None);
        await entries.LikeAsync(_campaign.Id, "zhang-san", new Entrant("worker-1", false), CancellationToken.None);
        await entries.LikeAsync(_campaign.Id, "li-si", new Entrant("worker-1", false), CancellationToken.None);
        await entries.AnswerRiddleAsync(_campaign.Id, "r1", new Entrant("worker-2", false), "错", CancellationToken.None);
        await entries.AnswerRiddleAsync(_campaign.Id, "r1", new Entrant("worker-2", false), "告", CancellationToken.None);
        await figures.FlushAsync(CancellationToken.None);

        var read = await figures.GetAsync(_campaign.Id, CancellationToken.None);
        Assert.Equal(2, read.Activities.Single(a => a.ActivityId == "likes").Accepted);
        // A wrong answer that uses an attempt changes the entrant's row, so it is an accepted entry too.
        Assert.Equal(2, read.Activities.Single(a => a.ActivityId == "riddles").Accepted);
        Assert.Equal(0, read.Activities.Single(a => a.ActivityId == "wishes").Accepted);
    }
}

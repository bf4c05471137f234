using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Due;
using FanRewards.Core.Outbox;
using FanRewards.Core.Telemetry;
using FanRewards.Functions.Events;
using FanRewards.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace FanRewards.Functions.Tests.Events;

/// <summary>
/// The outbox against real Table Storage (Azurite) and a Service Bus sender mocked with Moq and ServiceBusModelFactory
/// batches: each event reaches the topic, a failure loses nothing, and whatever is sent twice carries the same MessageId.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class OutboxPublisherTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2027, 2, 24, 12, 0, 0, TimeSpan.Zero); // 20:00 in Shanghai
    private readonly ManualClock _clock = new(Start.AddMinutes(5));
    private readonly StorageRequestCounter _requests = new();
    private StorageTables _tables = null!;
    private TableOutbox _outbox = null!;
    private DueLedger _due = null!;

    public async Task InitializeAsync()
    {
        var counted = new TableClientOptions();
        counted.AddPolicy(_requests, Azure.Core.HttpPipelinePosition.PerCall);
        _tables = new StorageTables(new TableServiceClient(azurite.ConnectionString, counted), StorageNames.Unique("ob"));
        await _tables.EnsureCreatedAsync(CancellationToken.None);
        _outbox = new TableOutbox(_tables);
        _due = new DueLedger(new TableDueIndex(_tables), _clock, new DueOptions());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Each_event_is_sent_once_with_its_id_as_message_id_and_marked_and_a_second_run_sends_nothing()
    {
        var lantern = await WriteEventsAsync("lantern", 3);
        var women = await WriteEventsAsync("women-day", 2);
        var bus = new FakeBus();
        var publisher = Publisher(bus.Sender);

        Assert.Equal(5, await publisher.PublishPendingAsync(CancellationToken.None));

        Assert.Equal(lantern.Concat(women).Select(e => e.EventId), bus.Delivered.Select(m => m.MessageId)); // campaign by campaign, oldest first
        var first = bus.Delivered[0];
        var cloudEvent = Azure.Messaging.CloudEvent.Parse(first.Body)!; // the body is a CloudEvent carrying the event's data
        Assert.Equal((lantern[0].EventId, "/campaigns/lantern", "org.fanrewards.winner.awarded", "awards/draw-pass-1"),
            (cloudEvent.Id, cloudEvent.Source, cloudEvent.Type, cloudEvent.Subject));
        Assert.Equal(lantern[0].OccurredAt, cloudEvent.Time);
        Assert.Equal(JsonNode.Parse(lantern[0].DataJson)!.ToJsonString(), JsonNode.Parse(cloudEvent.Data!)!.ToJsonString());
        Assert.Equal("application/cloudevents+json", first.ContentType);
        Assert.Equal("org.fanrewards.winner.awarded", first.Subject);
        Assert.Equal("lantern", first.ApplicationProperties["campaignId"]);
        Assert.Equal("org.fanrewards.winner.awarded", first.ApplicationProperties["type"]);
        Assert.Equal(lantern[0].OccurredAt, DateTimeOffset.Parse((string)first.ApplicationProperties["occurredAt"], CultureInfo.InvariantCulture));
        Assert.Equal(2, bus.SendCalls); // one batch per campaign

        Assert.Empty(await UnpublishedAsync(100));
        var listed = await _outbox.ListAsync("lantern", 100, CancellationToken.None);
        Assert.Equal(lantern.Select(e => e.EventId).Reverse(), listed.Select(e => e.EventId)); // newest first
        Assert.All(listed, e => Assert.Equal(_clock.Now, e.PublishedAt));

        Assert.Equal(0, await publisher.PublishPendingAsync(CancellationToken.None));
        Assert.Equal(2, bus.SendCalls);
        Assert.Equal(5, bus.Delivered.Count);
    }

    [Fact]
    public async Task A_send_that_fails_on_the_second_event_keeps_it_and_the_later_ones_and_the_next_run_sends_exactly_those()
    {
        var events = await WriteEventsAsync("riddles", 5);
        var bus = new FakeBus { BatchCapacity = 1, FailSend = call => call == 2 };
        var publisher = Publisher(bus.Sender);

        Assert.Equal(1, await publisher.PublishPendingAsync(CancellationToken.None));

        Assert.Equal([events[0].EventId], bus.Delivered.Select(m => m.MessageId));
        Assert.Equal(events.Skip(1).Select(e => e.EventId), (await UnpublishedAsync(100)).Select(e => e.EventId));

        bus.FailSend = _ => false; // healthy again
        Assert.Equal(4, await publisher.PublishPendingAsync(CancellationToken.None));

        // Every event delivered exactly once, in order; the one refused was attempted twice.
        Assert.Equal(events.Select(e => e.EventId), bus.Delivered.Select(m => m.MessageId));
        Assert.Equal(2, bus.Attempted.Count(m => m.MessageId == events[1].EventId));
        Assert.Empty(await UnpublishedAsync(100));
    }

    [Fact]
    public async Task The_backlog_gauge_shows_what_each_run_left_and_more_than_a_run_takes_as_its_limit_plus_one_and_reading_it_costs_nothing()
    {
        var campaignId = $"backlog-{Guid.NewGuid():N}";
        await WriteEventsAsync(campaignId, 5);
        var bus = new FakeBus { BatchCapacity = 1, FailSend = call => call == 3 };
        var publisher = Publisher(bus.Sender);
        Assert.Empty(GaugeReadings.Of(FanRewardsTelemetry.OutboxBacklogName, campaignId)); // no run has looked yet

        Assert.Equal(2, await publisher.PublishPendingAsync(CancellationToken.None)); // the third send fails
        Assert.Equal(3, Backlog());

        // A run that takes two at most sees three (one more than it takes), sends two, and says "more than a run takes".
        bus.FailSend = _ => false;
        var small = new OutboxPublisher(_outbox, _due, bus.Sender, _clock, NullLogger<OutboxPublisher>.Instance, new OutboxPublisherOptions { MaxPerRun = 2 });
        Assert.Equal(2, await small.PublishPendingAsync(CancellationToken.None));
        Assert.Equal(3, Backlog());
        Assert.Equal(1, await small.PublishPendingAsync(CancellationToken.None));
        Assert.Equal(0, Backlog());

        // Observing reads memory only: not one request to storage.
        _requests.Reset();
        for (var i = 0; i < 3; i++) Assert.Equal(0, Backlog());
        Assert.Equal((0, 0), (_requests.Reads, _requests.Writes));

        long Backlog() => Assert.Single(GaugeReadings.Of(FanRewardsTelemetry.OutboxBacklogName, campaignId)).Value;
    }

    [Fact]
    public async Task A_failed_batch_marks_nothing_and_the_next_run_sends_every_event_once()
    {
        var events = await WriteEventsAsync("fitness", 4);
        var bus = new FakeBus { FailSend = call => call == 1 };
        var publisher = Publisher(bus.Sender);

        Assert.Equal(0, await publisher.PublishPendingAsync(CancellationToken.None));
        Assert.Equal(4, (await UnpublishedAsync(100)).Count);

        Assert.Equal(4, await publisher.PublishPendingAsync(CancellationToken.None));
        Assert.Equal(events.Select(e => e.EventId), bus.Delivered.Select(m => m.MessageId));
    }

    [Fact]
    public async Task A_crash_after_the_send_before_the_mark_resends_with_the_same_message_id()
    {
        var events = await WriteEventsAsync("crash", 3);
        var bus = new FakeBus();
        // The real outbox, except that marking the second event fails once, as if the process died between send and mark.
        var outbox = new Mock<IOutbox>(MockBehavior.Strict);
        outbox.Setup(o => o.ListUnpublishedAsync(It.IsAny<string>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Returns((string campaignId, int max, CancellationToken ct) => _outbox.ListUnpublishedAsync(campaignId, max, ct));
        var markFailures = 1;
        outbox.Setup(o => o.MarkPublishedAsync(It.IsAny<OutboxEvent>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .Returns((OutboxEvent e, DateTimeOffset at, CancellationToken ct) =>
                e.EventId == events[1].EventId && markFailures-- > 0
                    ? throw new Azure.RequestFailedException(503, "Server busy")
                    : _outbox.MarkPublishedAsync(e, at, ct));
        var publisher = new OutboxPublisher(outbox.Object, _due, bus.Sender, _clock, NullLogger<OutboxPublisher>.Instance, new OutboxPublisherOptions());

        Assert.Equal(1, await publisher.PublishPendingAsync(CancellationToken.None));
        Assert.Equal(events.Select(e => e.EventId), bus.Delivered.Select(m => m.MessageId)); // all three went out in the batch
        Assert.Equal(events.Skip(1).Select(e => e.EventId), (await UnpublishedAsync(100)).Select(e => e.EventId));

        Assert.Equal(2, await publisher.PublishPendingAsync(CancellationToken.None));

        // The second and third are sent again, each with the same MessageId and body as the first time: Service Bus
        // duplicate detection (and any consumer keyed by MessageId) sees one message each.
        Assert.Equal(events.Concat(events.Skip(1)).Select(e => e.EventId), bus.Delivered.Select(m => m.MessageId));
        foreach (var e in events.Skip(1))
        {
            var copies = bus.Delivered.Where(m => m.MessageId == e.EventId).ToList();
            Assert.Equal(2, copies.Count);
            Assert.Equal(copies[0].Body.ToString(), copies[1].Body.ToString());
        }
        Assert.Empty(await UnpublishedAsync(100));
    }

    [Fact]
    public async Task Without_a_sender_nothing_is_sent_and_admins_list_the_events_waiting_in_the_outbox()
    {
        var events = await WriteEventsAsync("no-bus", 2);
        var publisher = Publisher(sender: null);
        Assert.False(publisher.IsConfigured);

        Assert.Equal(0, await publisher.PublishPendingAsync(CancellationToken.None));
        Assert.Equal(2, (await UnpublishedAsync(100)).Count);

        var functions = new OutboxFunctions(publisher, _outbox, CampaignsIn("no-bus", "Asia/Shanghai"), TestAdminGate.Anyone, NullLogger<OutboxFunctions>.Instance);
        await functions.PublishOutbox(new Microsoft.Azure.Functions.Worker.TimerInfo(), CancellationToken.None); // the timer is a no-op too
        var request = HttpTestContext.Request("GET");
        var response = await HttpTestContext.Execute(request, await functions.ListCampaignEvents(request, "no-bus"));

        Assert.Equal(200, response.Status);
        var listed = response.Json.EnumerateArray().ToList();
        Assert.Equal(events.Select(e => e.EventId).Reverse(), listed.Select(e => e.GetProperty("eventId").GetString()));
        var newest = listed[0];
        Assert.Equal(EventTypes.WinnerAwarded, newest.GetProperty("type").GetString());
        Assert.False(newest.GetProperty("published").GetBoolean());
        Assert.False(newest.TryGetProperty("publishedAt", out _));
        Assert.Equal(events[1].OccurredAt, newest.GetProperty("occurredAt").GetDateTimeOffset());
        Assert.Equal("2027-02-24T20:00:02+08:00", newest.GetProperty("occurredAt").GetString()); // the campaign's offset, not UTC
        Assert.Equal("旅游年卡", newest.GetProperty("data").GetProperty("prizeName").GetString()); // parsed JSON, not a string

        request = HttpTestContext.Request("GET");
        request.QueryString = new Microsoft.AspNetCore.Http.QueryString("?max=1");
        response = await HttpTestContext.Execute(request, await functions.ListCampaignEvents(request, "no-bus"));
        Assert.Equal([events[1].EventId], response.Json.EnumerateArray().Select(e => e.GetProperty("eventId").GetString()));
    }

    [Fact]
    public async Task The_outbox_reads_only_outbox_rows_and_keeps_the_instant_and_the_key_exact()
    {
        var occurred = new DateTimeOffset(2027, 2, 24, 20, 0, 0, TimeSpan.FromHours(8)).AddTicks(1234567);
        var e = new OutboxEvent("keys", "winner-keys-pass-1", EventTypes.WinnerAwarded, occurred, """{"rank":1}""");
        await _tables.Awards.SubmitTransactionAsync([
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("keys", "award:draw-pass-1")),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("keys", "unit:pass:1")),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("keys", "winner:abc")),
            new TableTransactionAction(TableTransactionActionType.Add, TableOutbox.ToEntity(e)),
        ]);

        var read = Assert.Single(await UnpublishedAsync(10));
        Assert.Equal(e with { OccurredAt = occurred.ToUniversalTime() }, read);
        Assert.Equal(occurred, read.OccurredAt); // the same instant
        Assert.Equal(TableOutbox.RowKeyOf(e), TableOutbox.RowKeyOf(read));
        Assert.Equal($"outbox:{occurred.UtcTicks:D19}:winner-keys-pass-1", TableOutbox.RowKeyOf(e));

        await _outbox.MarkPublishedAsync(read, _clock.Now, CancellationToken.None);
        await _outbox.MarkPublishedAsync(read, _clock.Now.AddSeconds(1), CancellationToken.None); // idempotent
        Assert.Empty(await UnpublishedAsync(10));
        var row = (await _tables.Awards.GetEntityAsync<TableEntity>("keys", TableOutbox.RowKeyOf(e))).Value;
        Assert.True(row.GetBoolean("Published"));
        Assert.Equal("""{"rank":1}""", row.GetString("Data"));
        Assert.Equal(4, await CountRowsAsync("keys")); // the merge added no row and removed none

        // A row that is gone stays gone (no half row from a merge).
        await _outbox.MarkPublishedAsync(e with { EventId = "never-written" }, _clock.Now, CancellationToken.None);
        Assert.Equal(4, await CountRowsAsync("keys"));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a#b")]
    [InlineData("")]
    public void ToEntity_refuses_an_event_id_that_cannot_be_a_key(string eventId) =>
        Assert.Throws<ArgumentException>(() => TableOutbox.ToEntity(new OutboxEvent("c", eventId, EventTypes.WinnerAwarded, Start, "{}")));

    [Fact]
    public async Task The_admin_list_refuses_a_malformed_id_or_max_and_gives_an_empty_list_for_a_campaign_without_events()
    {
        var functions = new OutboxFunctions(Publisher(sender: null), _outbox, CampaignsIn("lantern", "Asia/Shanghai"), TestAdminGate.Anyone, NullLogger<OutboxFunctions>.Instance);

        var request = HttpTestContext.Request("GET");
        (await HttpTestContext.Execute(request, await functions.ListCampaignEvents(request, "Bad Id!"))).AssertProblem(400, "invalid-id");

        foreach (var max in new[] { "0", "1001", "ten", "-1" })
        {
            request = HttpTestContext.Request("GET");
            request.QueryString = new Microsoft.AspNetCore.Http.QueryString("?max=" + max);
            (await HttpTestContext.Execute(request, await functions.ListCampaignEvents(request, "lantern"))).AssertProblem(422, "validation");
        }

        request = HttpTestContext.Request("GET");
        var response = await HttpTestContext.Execute(request, await functions.ListCampaignEvents(request, "nobody-knows"));
        Assert.Equal(200, response.Status);
        Assert.Equal(0, response.Json.GetArrayLength());
    }

    [Fact]
    public async Task Registration_creates_a_sender_only_when_service_bus_is_configured()
    {
        await using (var none = Services([]))
        {
            Assert.False(none.GetRequiredService<OutboxPublisher>().IsConfigured);
            Assert.Null(none.GetService<ServiceBusClient>());
            Assert.Null(none.GetService<ServiceBusSender>());
        }

        await using (var configured = Services(new Dictionary<string, string?>
        {
            ["ServiceBus:ConnectionString"] = "Endpoint=sb://fanrewards-test.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=c2VjcmV0",
        }))
        {
            Assert.True(configured.GetRequiredService<OutboxPublisher>().IsConfigured);
            var sender = configured.GetRequiredService<ServiceBusSender>();
            Assert.Equal(ServiceBusSettings.DefaultTopic, sender.EntityPath);
            Assert.Same(sender, configured.GetRequiredService<ServiceBusSender>());
        }

        await using (var named = Services(new Dictionary<string, string?>
        {
            ["ServiceBus:FullyQualifiedNamespace"] = "fanrewards-test.servicebus.windows.net",
            ["ServiceBus:Topic"] = "awards",
        }))
        {
            // A namespace connects with the managed identity: Registration registers a DefaultAzureCredential.
            Assert.NotNull(named.GetService<Azure.Core.TokenCredential>());
            Assert.True(named.GetRequiredService<OutboxPublisher>().IsConfigured);
            var sender = named.GetRequiredService<ServiceBusSender>();
            Assert.Equal("awards", sender.EntityPath);
            Assert.Equal("fanrewards-test.servicebus.windows.net", sender.FullyQualifiedNamespace);
        }
    }

    private ServiceProvider Services(Dictionary<string, string?> settings)
    {
        settings[Registration.StorageConnectionSetting] = azurite.ConnectionString;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddFanRewards(configuration).BuildServiceProvider();
    }

    /// <summary>A campaign store that knows one campaign, in the given zone, and no other.</summary>
    private static ICampaignStore CampaignsIn(string campaignId, string timeZone)
    {
        var store = new Mock<ICampaignStore>();
        store.Setup(s => s.FindAsync(campaignId, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new StoredCampaign(TestCampaign.Bare(campaignId).InZone(timeZone).Build(), "W/\"1\""));
        return store.Object;
    }

    private OutboxPublisher Publisher(ServiceBusSender? sender) =>
        new(_outbox, _due, sender, _clock, NullLogger<OutboxPublisher>.Instance, new OutboxPublisherOptions { MaxPerRun = 100 });

    /// <summary>Every unpublished event in the test's tables, campaign by campaign: a scan, which is fine for a test's few rows.</summary>
    private async Task<List<OutboxEvent>> UnpublishedAsync(int max)
    {
        var events = new List<OutboxEvent>();
        await foreach (var row in _tables.Awards.QueryAsync<TableEntity>(TableClient.CreateQueryFilter(
                           $"RowKey ge {TableOutbox.RowKeyPrefix} and RowKey lt {"outbox;"} and Published eq {false}")))
        {
            if (events.Count < max) events.Add(TableOutbox.FromEntity(row));
        }

        return events;
    }

    /// <summary>Writes the campaign's events the way the award store does: one transaction, rows from TableOutbox.ToEntity.</summary>
    private async Task<List<OutboxEvent>> WriteEventsAsync(string campaignId, int count)
    {
        var events = Enumerable.Range(1, count).Select(i => new OutboxEvent(campaignId, $"winner-{campaignId}-pass-{i}", EventTypes.WinnerAwarded,
            Start.AddSeconds(i),
            JsonSerializer.Serialize(new { awardId = $"draw-pass-{i}", prizeId = "pass", prizeName = "旅游年卡", rank = i }))).ToList();
        // Marked first, as every award transaction is (DueMarkingAwardStore).
        await _due.MarkAsync([DueMark.Now(DueKinds.Outbox, campaignId)], CancellationToken.None);
        // Written newest first, read back oldest first: the order comes from the key, not from the writes.
        await _tables.Awards.SubmitTransactionAsync(Enumerable.Reverse(events)
            .Select(e => new TableTransactionAction(TableTransactionActionType.Add, TableOutbox.ToEntity(e))));
        return events;
    }

    private async Task<int> CountRowsAsync(string partition)
    {
        var n = 0;
        await foreach (var _ in _tables.Awards.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"))) n++;
        return n;
    }
}

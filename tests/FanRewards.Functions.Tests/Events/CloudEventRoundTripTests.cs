using System.Text.Json;
using Azure.Messaging;
using FanRewards.Core.Awards;
using FanRewards.Core.Entries;
using FanRewards.Core.Outbox;
using FanRewards.Functions.Events;
using FanRewards.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace FanRewards.Functions.Tests.Events;

/// <summary>
/// The CloudEvent round trip of issue #15: a draw on Azurite awards prizes, issues vouchers, takes a claim and a
/// decline; the outbox publisher sends what that wrote to a Service Bus sender mocked with Moq; every message body
/// parses as a CloudEvent 1.0 whose data validates against its schema in docs/events/, and carries no contact details.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CloudEventRoundTripTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string CampaignId = "lantern-events";
    private static readonly ClaimRequest Contact = new("欧阳娜娜", "138 0013 8000", "陕西省西安市雁塔区某路1号");
    private DrawScenario _s = null!;

    public async Task InitializeAsync() => _s = await DrawScenario.CreateAsync(azurite);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_event_the_outbox_sends_is_a_CloudEvent_whose_data_validates_against_its_schema()
    {
        var awards = await DrawnAsync();
        var passWinner = awards.First(a => a.PrizeId == "pass");
        await _s.Claims.ClaimAsync(CampaignId, new Entrant(passWinner.EntrantId, false), Contact, CancellationToken.None);
        var ticketWinner = awards.First(a => a.PrizeId == "ticket");
        await _s.Claims.DeclineAsync(CampaignId, new Entrant(ticketWinner.EntrantId, false), CancellationToken.None);
        var bus = new FakeBus();

        var sent = await Publisher(bus).PublishPendingAsync(CancellationToken.None);

        Assert.Equal(sent, bus.Delivered.Count);
        var types = new HashSet<string>();
        foreach (var message in bus.Delivered)
        {
            var body = message.Body.ToString();
            using var raw = JsonDocument.Parse(body);
            Assert.Equal("1.0", raw.RootElement.GetProperty("specversion").GetString());
            var cloudEvent = CloudEvent.Parse(message.Body) ?? throw new Xunit.Sdk.XunitException("no CloudEvent in " + body);
            Assert.Equal("application/cloudevents+json", message.ContentType);
            Assert.Equal(message.MessageId, cloudEvent.Id);
            Assert.Equal("/campaigns/" + CampaignId, cloudEvent.Source);
            Assert.StartsWith(EventTypes.CloudEventTypePrefix, cloudEvent.Type, StringComparison.Ordinal);
            var type = cloudEvent.Type[EventTypes.CloudEventTypePrefix.Length..];
            Assert.Contains(type, EventSchemas.AllTypes);
            Assert.Equal((cloudEvent.Type, CampaignId), (message.ApplicationProperties["type"], message.ApplicationProperties["campaignId"]));
            Assert.Equal("application/json", cloudEvent.DataContentType);
            Assert.NotNull(cloudEvent.Time);
            Assert.StartsWith("awards/", cloudEvent.Subject, StringComparison.Ordinal);
            var data = raw.RootElement.GetProperty("data");
            Assert.Null(EventSchemas.Problems(type, data));
            Assert.Equal(CampaignId, data.GetProperty("campaignId").GetString());
            foreach (var personal in new[] { "欧阳", "13800138000", "138 0013 8000", "雁塔区" }) Assert.DoesNotContain(personal, body, StringComparison.Ordinal);
            Assert.DoesNotContain("TICKET-", body, StringComparison.OrdinalIgnoreCase); // a voucher code never travels in an event
            types.Add(type);
        }
        Assert.Equal(EventSchemas.AllTypes.Order(StringComparer.Ordinal), types.Order(StringComparer.Ordinal)); // each type was seen
    }

    [Fact]
    public void Data_that_drifts_from_its_schema_fails_the_check()
    {
        // The check above would pass vacuously if a schema accepted anything: a missing, an extra and a mistyped field fail.
        var valid = JsonDocument.Parse($$"""{"campaignId":"c","awardId":"a","prizeId":"p","entrantId":"e","pseudonym":"{{new string('a', 64)}}"}""").RootElement;
        Assert.Null(EventSchemas.Problems(EventTypes.VoucherIssued, valid));
        foreach (var drifted in new[]
                 {
                     """{"campaignId":"c","awardId":"a","prizeId":"p","entrantId":"e"}""",
                     $$"""{"campaignId":"c","awardId":"a","prizeId":"p","entrantId":"e","pseudonym":"{{new string('a', 64)}}","voucherCode":"X-1"}""",
                     $$"""{"campaignId":"c","awardId":1,"prizeId":"p","entrantId":"e","pseudonym":"{{new string('a', 64)}}"}""",
                 })
        {
            Assert.NotNull(EventSchemas.Problems(EventTypes.VoucherIssued, JsonDocument.Parse(drifted).RootElement));
        }
        var late = JsonDocument.Parse($$"""{"campaignId":"c","fromAwardId":"a","prizeId":"p","reason":"declined","claimDeadline":"tomorrow"}""").RootElement;
        Assert.NotNull(EventSchemas.Problems(EventTypes.PrizePassedOn, late)); // formats are checked too
    }

    private Task<IReadOnlyList<Award>> DrawnAsync() =>
        _s.PublishEnterAndDrawAsync(CampaignId, 24, [.. Enumerable.Range(1, 6).Select(i => $"TICKET-{i:D4}")]);

    private OutboxPublisher Publisher(FakeBus bus) =>
        new(new TableOutbox(_s.Tables), _s.Due, bus.Sender, _s.Clock, NullLogger<OutboxPublisher>.Instance, new OutboxPublisherOptions { MaxPerRun = 500 });
}

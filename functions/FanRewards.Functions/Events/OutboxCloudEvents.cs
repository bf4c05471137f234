using System.Globalization;
using System.Text.Json;
using Azure.Messaging;
using Azure.Messaging.ServiceBus;
using FanRewards.Core.Json;
using FanRewards.Core.Outbox;

namespace FanRewards.Functions.Events;

/// <summary>
/// An outbox event as it goes on the topic: a CloudEvent 1.0 in structured JSON mode (Azure.Core's
/// <see cref="CloudEvent"/>), whose <c>id</c> is the outbox event id. The Service Bus message repeats what a subscription
/// filters on as application properties (<c>type</c>, <c>campaignId</c>), because SQL filters cannot read the body.
/// </summary>
public static class OutboxCloudEvents
{
    /// <summary>Structured mode: the whole event, attributes and data, is the body (CloudEvents JSON format, section 3).</summary>
    public const string ContentType = "application/cloudevents+json";

    /// <summary>The encoder the responses use, so Chinese, '+' in times and apostrophes stay as they are in the body.</summary>
    private static readonly JsonSerializerOptions BodyOptions = new() { Encoder = FanRewardsJson.Options.Encoder };

    public static CloudEvent ToCloudEvent(OutboxEvent e) =>
        new(EventTypes.CloudEventSource(e.CampaignId), EventTypes.CloudEventType(e.Type), BinaryData.FromString(e.DataJson),
            "application/json", CloudEventDataFormat.Json)
        {
            Id = e.EventId,
            Time = e.OccurredAt,
            Subject = SubjectOf(e.DataJson),
        };

    /// <summary>The Service Bus message for an event: the CloudEvent as the body, its id as the MessageId (duplicate detection).</summary>
    public static ServiceBusMessage ToMessage(OutboxEvent e)
    {
        var cloudEvent = ToCloudEvent(e);
        var message = new ServiceBusMessage(new BinaryData(JsonSerializer.SerializeToUtf8Bytes(cloudEvent, BodyOptions)))
        {
            ContentType = ContentType,
            MessageId = e.EventId,
            Subject = cloudEvent.Type,
        };
        message.ApplicationProperties["type"] = cloudEvent.Type;
        message.ApplicationProperties["campaignId"] = e.CampaignId;
        // ISO 8601 in UTC: a string every consumer and every subscription filter reads the same way.
        message.ApplicationProperties["occurredAt"] = e.OccurredAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        return message;
    }

    /// <summary>
    /// What the event is about within the campaign: the award it announces ("awards/{awardId}"), or for a prize passed on
    /// the award it passed from. Read from the data every event type carries; none when the data names no award.
    /// </summary>
    public static string? SubjectOf(string dataJson)
    {
        try
        {
            using var data = JsonDocument.Parse(dataJson);
            if (data.RootElement.ValueKind != JsonValueKind.Object) return null;
            foreach (var name in (ReadOnlySpan<string>)["awardId", "fromAwardId"])
            {
                if (data.RootElement.TryGetProperty(name, out var id) && id.ValueKind == JsonValueKind.String) return "awards/" + id.GetString();
            }
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

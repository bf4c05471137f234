namespace FanRewards.Core.Outbox;

/// <summary>
/// A domain event waiting in the outbox to be published to Service Bus. <see cref="EventId"/> is the Service Bus
/// MessageId, so a message sent twice is recognised downstream as the same one.
/// </summary>
public sealed record OutboxEvent(string CampaignId, string EventId, string Type, DateTimeOffset OccurredAt, string DataJson)
{
    public DateTimeOffset? PublishedAt { get; init; }
}

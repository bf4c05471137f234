namespace FanRewards.Core.Outbox;

/// <summary>
/// The types of the domain events the outbox publishes. On the topic each is a CloudEvent whose <c>type</c> is
/// <see cref="CloudEventType"/> of it ("org.fanrewards.winner.awarded"); docs/EVENTS.md and docs/events/ describe each one.
/// </summary>
public static class EventTypes
{
    public const string WinnerAwarded = "winner.awarded";
    public const string VoucherIssued = "voucher.issued";
    public const string PrizeClaimed = "prize.claimed";
    public const string PrizePassedOn = "prize.passed-on";

    /// <summary>Reverse-DNS, as CloudEvents asks of a type, so FanRewards' types never collide with another producer's.</summary>
    public const string CloudEventTypePrefix = "org.fanrewards.";

    public static string CloudEventType(string eventType) => CloudEventTypePrefix + eventType;

    /// <summary>The CloudEvent <c>source</c>: the campaign the event happened in (a URI reference, unique with the id).</summary>
    public static string CloudEventSource(string campaignId) => "/campaigns/" + campaignId;
}

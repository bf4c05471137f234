namespace FanRewards.Core.Outbox;

/// <summary>The types of the domain events the outbox publishes (the Service Bus subject).</summary>
public static class EventTypes
{
    public const string WinnerAwarded = "winner.awarded";
    public const string VoucherIssued = "voucher.issued";
    public const string PrizeClaimed = "prize.claimed";
    public const string PrizePassedOn = "prize.passed-on";
}

using FanRewards.Functions.Events;

namespace FanRewards.Functions.Wiring;

/// <summary>How many outbox events one publisher run sends at most, section "ServiceBus" (AppSettingNames.ServiceBusPublishMaxPerRun).</summary>
public sealed class OutboxSettings
{
    public const string Section = "ServiceBus";

    public int PublishMaxPerRun { get; set; } = 500;

    public OutboxPublisherOptions ToPublisherOptions() => new() { MaxPerRun = PublishMaxPerRun };
}

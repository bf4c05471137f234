using Azure.Messaging.ServiceBus;
using FanRewards.Core.Due;
using FanRewards.Core.Outbox;
using FanRewards.Functions.Events;
using FanRewards.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace FanRewards.Functions.Wiring;

public static class OutboxRegistration
{
    /// <summary>
    /// The outbox's publisher. The outbox itself (the "outbox:" rows the award store writes) is the storage layer's. A
    /// ServiceBusClient and sender exist only when ServiceBus:ConnectionString or ServiceBus:FullyQualifiedNamespace is
    /// set; otherwise (the DevHost's default) the publisher does nothing and the events stay in the outbox.
    /// </summary>
    public static IServiceCollection AddOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        if (ServiceBusSettings.From(configuration) is { } serviceBus)
        {
            services.AddSingleton(serviceBus);
            // A namespace (Azure) connects with the managed identity; a connection string needs no credential.
            if (serviceBus.ConnectionString is null) services.TryAddSingleton<Azure.Core.TokenCredential>(sp => sp.GetRequiredService<StorageConnection>().Credential);
            services.AddSingleton(sp => serviceBus.CreateClient(sp));
            services.AddSingleton(sp => sp.GetRequiredService<ServiceBusClient>().CreateSender(serviceBus.Topic));
        }
        services.AddSettings<OutboxSettings>(configuration, OutboxSettings.Section)
            .Validate(s => s.PublishMaxPerRun >= 1, $"{AppSettingNames.ServiceBusPublishMaxPerRun} must be at least 1 event.");
        services.AddSingleton(sp => sp.Settings<OutboxSettings>().ToPublisherOptions());
        // The sender is optional here by design: without Service Bus the publisher leaves the events in the outbox.
        services.AddSingleton(sp => new OutboxPublisher(
            sp.GetRequiredService<IOutbox>(),
            sp.GetRequiredService<DueLedger>(),
            sp.GetService<ServiceBusSender>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<OutboxPublisher>>(),
            sp.GetRequiredService<OutboxPublisherOptions>()));
        return services;
    }
}

using Azure.Data.Tables;
using Azure.Storage.Queues;
using FanRewards.Core.Approvals;
using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.DataAccess;
using FanRewards.Core.Draws;
using FanRewards.Core.Due;
using FanRewards.Core.Entries;
using FanRewards.Core.Figures;
using FanRewards.Core.Outbox;
using FanRewards.Core.Retention;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FanRewards.Storage;

/// <summary>The storage layer's part of the app's wiring: Core's ports on Table and Queue storage.</summary>
public static class StorageRegistration
{
    /// <summary>
    /// The clients (a connection string when <c>AzureWebJobsStorage</c> is set, else the service URIs with the managed
    /// identity), every store and queue behind Core's ports, the storage health check, and the start-up work: the tables
    /// created, draws and work from before the due index indexed. The stores a feature decorates are registered as
    /// themselves, and the feature's wiring registers its port over them: <see cref="TableAwardStore"/> (the due-marking
    /// <see cref="IAwardStore"/>), <see cref="TableDrawStore"/> (the <see cref="IDrawStore"/> that keeps drawn draws in
    /// memory) and <see cref="TableInstantSeedStore"/> (the <see cref="IInstantSeedStore"/> that keeps seeds).
    /// </summary>
    public static IServiceCollection AddFanRewardsStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(_ => StorageConnection.From(configuration));
        // TryAdd: a host may bring its own client (the load driver counts its requests with a pipeline policy).
        services.TryAddSingleton(sp => sp.GetRequiredService<StorageConnection>().CreateTableServiceClient());
        services.AddSingleton(sp => new StorageTables(sp.GetRequiredService<TableServiceClient>(), configuration[StorageSettingNames.TablePrefix] ?? ""));
        services.AddSingleton(sp => sp.GetRequiredService<StorageConnection>().CreateQueueServiceClient(
            // The Functions host reads queue messages as base64; what we enqueue must be written the same way.
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }));
        services.AddHostedService<StorageInitializer>();
        services.AddHostedService<DueBackfillService>();
        services.AddHealthChecks().AddCheck<StorageHealthCheck>(StorageHealthCheck.Name);

        services.AddSingleton<ICampaignStore, TableCampaignStore>();
        services.AddSingleton<IDueIndex, TableDueIndex>();
        services.AddSingleton<IEntryStore, TableEntryStore>();
        services.AddSingleton<Core.Fraud.IEntrySignalReader, TableEntrySignalReader>();
        services.AddSingleton<Core.Fraud.ISignalAggregateStore, TableSignalAggregateStore>();
        services.AddSingleton<ISeatStore, TableSeatStore>();
        services.AddSingleton<IAuditLog, TableAuditLog>();
        services.AddSingleton<IDisqualificationStore, TableDisqualificationStore>();
        services.AddSingleton<IApprovalStore, TableApprovalStore>();
        services.AddSingleton<IDataAccessLog, TableDataAccessLog>();
        services.AddSingleton<IFigureStore, TableFigureStore>();
        services.AddSingleton<TableDrawStore>();
        // One queue port for every background step: the draw's start, shards and merge, and the top-N close.
        services.AddSingleton<Core.Steps.IStepQueue, StorageStepQueue>();
        services.AddSingleton<TableAwardStore>();
        services.AddSingleton<TableInstantSeedStore>();
        services.AddSingleton<IClaimContactStore, TableClaimContactStore>();
        services.AddSingleton<IVoucherStore, TableVoucherStore>();
        services.AddSingleton<IPersonalDataStore, TablePersonalDataStore>();
        // TryAdd: a test may bring an outbox of its own.
        services.TryAddSingleton<IOutbox, TableOutbox>();
        return services;
    }
}

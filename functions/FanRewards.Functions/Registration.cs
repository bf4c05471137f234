using Azure.Data.Tables;
using Azure.Storage.Queues;
using FanRewards.Core;
using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Draws;
using FanRewards.Core.Due;
using FanRewards.Core.Entries;
using FanRewards.Core.Figures;
using FanRewards.Functions.Events;
using FanRewards.Functions.Figures;
using FanRewards.Functions.Http;
using FanRewards.Functions.Identity;
using FanRewards.Functions.Seeding;
using FanRewards.Functions.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FanRewards.Functions;

/// <summary>The one DI registration shared by the Function App and the DevHost, so both run the same services.</summary>
public static class Registration
{
    public const string StorageConnectionSetting = AppSettingNames.StorageConnection;

    public static IServiceCollection AddFanRewards(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        // Storage: the connection string (Azurite) when set, else the service URIs with the managed identity (Azure).
        services.TryAddSingleton(_ => StorageConnection.From(configuration));
        // TryAdd: a host may bring its own client (the load driver counts its requests with a pipeline policy).
        services.TryAddSingleton(sp => sp.GetRequiredService<StorageConnection>().CreateTableServiceClient());
        services.AddSingleton(sp => new StorageTables(sp.GetRequiredService<TableServiceClient>(), configuration[AppSettingNames.TablePrefix] ?? ""));
        services.AddSingleton(sp => sp.GetRequiredService<StorageConnection>().CreateQueueServiceClient(
            // The Functions host reads queue messages as base64; what we enqueue must be written the same way.
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }));
        services.AddHostedService<StorageInitializer>();
        services.AddSingleton<ICampaignStore, TableCampaignStore>();
        // The due index: what the timers have to do, so that a sweep reads what is due and not every campaign.
        services.AddSingleton(new DueOptions());
        services.AddSingleton<IDueIndex, TableDueIndex>();
        services.AddSingleton<DueLedger>();
        services.AddSingleton<DueBackfill>();
        services.AddHostedService<DueBackfillService>();

        services.AddSingleton(new PublishPolicy
        {
            PrizeValueCapYuan = configuration.GetValue(AppSettingNames.PrizeValueCapYuan, CampaignLimits.DefaultPrizeValueCapYuan),
        });
        services.AddSingleton(new CampaignCacheOptions
        {
            TimeToLive = TimeSpan.FromSeconds(configuration.GetValue(AppSettingNames.CampaignCacheSeconds, 5.0)),
        });
        services.AddSingleton<CampaignAdminService>();
        services.AddSingleton<PublicCampaignCatalog>();
        services.AddSingleton<SeedLoader>();

        services.AddSingleton(sp => EntrantTokenOptions.From(configuration, sp.GetRequiredService<IHostEnvironment>()));
        services.AddSingleton<EntrantAuthenticator>();
        services.AddSingleton<EntrantGate>();
        services.AddSingleton<IEntryStore, TableEntryStore>();
        services.AddSingleton<ISeatStore, TableSeatStore>();
        services.AddSingleton<IAuditLog, TableAuditLog>();
        services.AddSingleton<IDisqualificationStore, TableDisqualificationStore>();
        services.AddSingleton(new EntryPolicy
        {
            SensitiveWords = configuration.GetSection(AppSettingNames.SensitiveWords).GetChildren()
                .Select(c => c.Value).OfType<string>().Where(w => w.Length > 0).ToList(),
        });
        services.AddSingleton(new RateLimitOptions
        {
            PerEntrant = configuration.GetValue(AppSettingNames.RateLimitPerEntrant, 20),
            PerIp = configuration.GetValue(AppSettingNames.RateLimitPerIp, 2000),
        });
        services.AddSingleton(new LeaderboardOptions
        {
            TimeToLive = TimeSpan.FromSeconds(configuration.GetValue(AppSettingNames.LeaderboardCacheSeconds, 10.0)),
        });
        services.AddSingleton<RateLimiter>();
        services.AddSingleton(ClientAddressOptions.From(configuration));
        services.AddSingleton<ClientAddress>();
        services.AddSingleton(new FigureOptions
        {
            FlushInterval = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue(AppSettingNames.FigureFlushSeconds, 10.0))),
        });
        services.AddSingleton<IFigureStore, TableFigureStore>();
        services.AddSingleton<EntryFigures>();
        services.AddHostedService<FigureFlusher>();
        services.AddSingleton<EntryService>();
        services.AddSingleton<LeaderboardService>();
        services.AddSingleton<ModerationService>();
        services.AddSingleton<DisqualificationService>();

        services.AddSingleton<IDrawStore, TableDrawStore>();
        // One queue port for every background step: the draw's start, shards and merge, and the top-N close.
        services.AddSingleton<Core.Steps.IStepQueue, StorageStepQueue>();
        // Draw step leases: 60 s, renewed every 20 s unless set; a renewal is kept to at most half the lease.
        var drawLease = Math.Max(5, configuration.GetValue(AppSettingNames.DrawLeaseSeconds, 60.0));
        var drawOptions = new DrawOptions { LeaseDuration = TimeSpan.FromSeconds(drawLease) };
        if (configuration.GetValue<double?>(AppSettingNames.DrawLeaseRenewalSeconds) is { } renewal)
            drawOptions = drawOptions with { LeaseRenewal = TimeSpan.FromSeconds(Math.Clamp(renewal, 1, drawLease / 2)) };
        services.AddSingleton(drawOptions);
        services.AddSingleton<DrawService>();
        var reads = new PublicReadOptions();
        services.AddSingleton(reads with
        {
            CampaignMaxAge = TimeSpan.FromSeconds(configuration.GetValue(AppSettingNames.PublicCampaignMaxAgeSeconds, reads.CampaignMaxAge.TotalSeconds)),
            WinnersMaxAge = TimeSpan.FromSeconds(configuration.GetValue(AppSettingNames.PublicWinnersMaxAgeSeconds, reads.WinnersMaxAge.TotalSeconds)),
            DrawnProofMaxAge = TimeSpan.FromSeconds(configuration.GetValue(AppSettingNames.PublicDrawnProofMaxAgeSeconds, reads.DrawnProofMaxAge.TotalSeconds)),
            EntrySetMaxAge = TimeSpan.FromSeconds(configuration.GetValue(AppSettingNames.PublicEntrySetMaxAgeSeconds, reads.EntrySetMaxAge.TotalSeconds)),
        });
        services.AddSingleton<AwardChanges>();
        services.AddSingleton<PublishedDrawResults>();

        // Every award transaction marks the work it makes due (events, vouchers, claim deadlines) before it runs.
        services.AddSingleton<TableAwardStore>();
        services.AddSingleton<IAwardStore>(sp => new DueMarkingAwardStore(sp.GetRequiredService<TableAwardStore>(), sp.GetRequiredService<DueLedger>()));
        services.AddSingleton<IInstantSeedStore, TableInstantSeedStore>();
        services.AddSingleton<InstantWinProofs>();
        services.AddSingleton<VoucherIssuer>();
        services.AddSingleton<AwardService>();
        services.AddSingleton<IClaimContactStore, TableClaimContactStore>();
        services.AddSingleton(new ClaimOptions());
        services.AddSingleton<ClaimService>();
        services.AddSingleton<JudgingService>();
        services.AddSingleton<TopNService>();
        services.AddSingleton<TopNSchedule>();
        services.AddSingleton<DemoSeeder>();
        services.AddSingleton<IVoucherStore, TableVoucherStore>();
        services.AddSingleton<VoucherService>();
        // IOutbox reads and marks the "outbox:" rows the award store writes. A ServiceBusClient and sender exist only when
        // ServiceBus:ConnectionString or ServiceBus:FullyQualifiedNamespace is set; otherwise (the DevHost's default) the
        // publisher does nothing and the events stay in the outbox.
        services.TryAddSingleton<IOutbox, TableOutbox>();
        if (ServiceBusSettings.From(configuration) is { } serviceBus)
        {
            services.AddSingleton(serviceBus);
            // A namespace (Azure) connects with the managed identity; a connection string needs no credential.
            if (serviceBus.ConnectionString is null) services.TryAddSingleton<Azure.Core.TokenCredential>(sp => sp.GetRequiredService<StorageConnection>().Credential);
            services.AddSingleton(sp => serviceBus.CreateClient(sp));
            services.AddSingleton(sp => sp.GetRequiredService<Azure.Messaging.ServiceBus.ServiceBusClient>().CreateSender(serviceBus.Topic));
        }
        services.AddSingleton(new OutboxPublisherOptions
        {
            MaxPerRun = Math.Max(1, configuration.GetValue(AppSettingNames.ServiceBusPublishMaxPerRun, 500)),
        });
        services.AddSingleton(sp => new OutboxPublisher(
            sp.GetRequiredService<IOutbox>(),
            sp.GetRequiredService<DueLedger>(),
            sp.GetService<Azure.Messaging.ServiceBus.ServiceBusSender>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<OutboxPublisher>>(),
            sp.GetRequiredService<OutboxPublisherOptions>()));
        return services;
    }
}

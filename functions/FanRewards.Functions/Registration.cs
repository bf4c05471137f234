using Azure.Data.Tables;
using FanRewards.Core.Campaigns;
using FanRewards.Functions.Seeding;
using FanRewards.Functions.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FanRewards.Functions;

/// <summary>The one DI registration shared by the Function App and the DevHost, so both run the same services.</summary>
public static class Registration
{
    public const string StorageConnectionSetting = "AzureWebJobsStorage";

    public static IServiceCollection AddFanRewards(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new TableServiceClient(
            configuration[StorageConnectionSetting]
            ?? throw new InvalidOperationException($"Configuration '{StorageConnectionSetting}' (the storage connection string) is missing.")));
        services.AddSingleton(sp => new StorageTables(sp.GetRequiredService<TableServiceClient>(), configuration["FanRewards:TablePrefix"] ?? ""));
        services.AddHostedService<StorageInitializer>();
        services.AddSingleton<ICampaignStore, TableCampaignStore>();

        services.AddSingleton(new PublishPolicy
        {
            PrizeValueCapYuan = configuration.GetValue("FanRewards:PrizeValueCapYuan", CampaignLimits.DefaultPrizeValueCapYuan),
        });
        services.AddSingleton(new CampaignCacheOptions
        {
            TimeToLive = TimeSpan.FromSeconds(configuration.GetValue("FanRewards:CampaignCacheSeconds", 5.0)),
        });
        services.AddSingleton<CampaignAdminService>();
        services.AddSingleton<PublicCampaignCatalog>();
        services.AddSingleton<SeedLoader>();
        services.AddSingleton<DemoSeeder>();
        return services;
    }
}

using Azure.Data.Tables;
using Azure.Storage.Queues;
using FanRewards.Functions.Wiring;
using FanRewards.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FanRewards.Functions;

/// <summary>
/// The one DI registration shared by the Function App and the DevHost, so both run the same services: the storage
/// layer, then each feature's services and settings (Wiring/). Settings are checked when the host starts.
/// </summary>
public static class Registration
{
    public const string StorageConnectionSetting = AppSettingNames.StorageConnection;

    public static IServiceCollection AddFanRewards(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        // The storage endpoints are read by StorageConnection: a missing or malformed one stops the start, naming the setting.
        services.BuildOnStart<TableServiceClient>().BuildOnStart<QueueServiceClient>();
        return services
            .AddFanRewardsStorage(configuration)
            .AddDueWork()
            .AddCampaigns(configuration)
            .AddEntries(configuration)
            .AddAdmins(configuration)
            .AddDraws(configuration)
            .AddAwards()
            .AddRetention()
            .AddFraudReview(configuration)
            .AddOutbox(configuration);
    }
}

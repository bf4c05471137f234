using FanRewards.Core.Campaigns;
using FanRewards.Core.Retention;
using Microsoft.Extensions.DependencyInjection;

namespace FanRewards.Functions.Wiring;

public static class RetentionRegistration
{
    /// <summary>Retention: the entrants' personal data of a campaign deleted after its period, found through the due index.</summary>
    public static IServiceCollection AddRetention(this IServiceCollection services)
    {
        services.AddSingleton<PersonalDataRetention>();
        // Run once per store when an instance starts (by the storage layer's DueBackfillService).
        services.AddSingleton<RetentionBackfill>();
        services.AddSingleton<ICampaignPublication, RetentionPublication>();
        return services;
    }
}

using FanRewards.Core.Approvals;
using FanRewards.Core.Campaigns;
using FanRewards.Core.DataAccess;
using FanRewards.Functions.Seeding;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FanRewards.Functions.Wiring;

public static class CampaignsRegistration
{
    /// <summary>Campaign administration, the catalog of published campaigns and its cache, the seeds, and the max-age of public reads.</summary>
    public static IServiceCollection AddCampaigns(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<CampaignSettings>(configuration, CampaignSettings.Section)
            .Validate(s => s.PrizeValueCapYuan > 0, $"{AppSettingNames.PrizeValueCapYuan} must be a positive amount of yuan.")
            .Validate(s => s.CampaignCacheSeconds >= 0, $"{AppSettingNames.CampaignCacheSeconds} must be 0 or more seconds.");
        services.AddSettings<ApprovalSettings>(configuration, ApprovalSettings.Section);
        services.AddSingleton(sp => sp.Settings<CampaignSettings>().ToPublishPolicy(sp.Settings<ApprovalSettings>()));
        services.AddSingleton(sp => sp.Settings<CampaignSettings>().ToCacheOptions());

        services.AddSettings<PublicReadSettings>(configuration, PublicReadSettings.Section)
            .Validate(s => s.CampaignMaxAgeSeconds >= 0, $"{AppSettingNames.PublicCampaignMaxAgeSeconds} must be 0 or more seconds.")
            .Validate(s => s.WinnersMaxAgeSeconds >= 0, $"{AppSettingNames.PublicWinnersMaxAgeSeconds} must be 0 or more seconds.")
            .Validate(s => s.DrawnProofMaxAgeSeconds >= 0, $"{AppSettingNames.PublicDrawnProofMaxAgeSeconds} must be 0 or more seconds.")
            .Validate(s => s.EntrySetMaxAgeSeconds >= 0, $"{AppSettingNames.PublicEntrySetMaxAgeSeconds} must be 0 or more seconds.");
        services.AddSingleton(sp => sp.Settings<PublicReadSettings>().ToOptions());

        // What the admin saves needs the other features' publication steps (registered by AddDraws and AddAwards).
        services.AddSingleton<CampaignAdminService>();
        // Four eyes on publishing and on running a draw by hand; accountable access to personal data.
        services.AddSingleton<ApprovalService>();
        services.AddSingleton<PersonalDataAccess>();
        // The public pages read campaigns through a short-lived cache of their own; everyone else reads the store.
        services.AddSingleton<CachingCampaignStore>();
        services.AddSingleton<PublicCampaignCatalog>();
        services.AddSingleton<SeedLoader>();
        services.AddSingleton<DemoSeeder>();
        return services;
    }
}

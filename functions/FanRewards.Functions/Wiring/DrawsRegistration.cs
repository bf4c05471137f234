using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Draws;
using FanRewards.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FanRewards.Functions.Wiring;

public static class DrawsRegistration
{
    /// <summary>
    /// The draws: their store (drawn draws and their rankings kept in memory), their runner and its parts, the admin's
    /// and entrants' queries, the published results, and what they offer the other features (the seeds made at publish,
    /// the alternates a passed prize goes to).
    /// </summary>
    public static IServiceCollection AddDraws(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<DrawLeaseSettings>(configuration, DrawLeaseSettings.Section)
            .Validate(s => s.DrawLeaseSeconds >= DrawLeaseSettings.MinimumLeaseSeconds,
                $"{AppSettingNames.DrawLeaseSeconds} must be at least {DrawLeaseSettings.MinimumLeaseSeconds} seconds.")
            .Validate(s => s.DrawLeaseRenewalSeconds is not { } renewal || (renewal >= 1 && renewal <= s.DrawLeaseSeconds / 2),
                $"{AppSettingNames.DrawLeaseRenewalSeconds} must be at least 1 second and at most half of {AppSettingNames.DrawLeaseSeconds}.");
        services.AddSingleton(sp => sp.Settings<DrawLeaseSettings>().ToDrawOptions());
        // Every reader of the draws gets the caching store: only what never changes again (a drawn draw, its ranking) is kept.
        services.AddSingleton<IDrawStore>(sp => new CachingDrawStore(sp.GetRequiredService<TableDrawStore>()));
        services.AddSingleton<DrawEligibility>();
        services.AddSingleton<DrawStepSender>();
        services.AddSingleton<DrawWinnerAwards>();
        services.AddSingleton<DrawWitnesses>();
        services.AddSingleton<DrawRunner>();
        services.AddSingleton<DrawQueries>();
        services.AddSingleton<PublishedDrawResults>();
        // Publishing makes the draws' seeds first; registered before the awards' steps, so it runs first.
        services.AddSingleton<ICampaignPublication, DrawPublication>();
        services.AddSingleton<IDrawAlternates, DrawAlternates>();
        return services;
    }
}

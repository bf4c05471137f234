using FanRewards.Core.Draws;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FanRewards.Functions.Wiring;

public static class DrawsRegistration
{
    /// <summary>The draws: their steps under leases, and their published results.</summary>
    public static IServiceCollection AddDraws(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<DrawLeaseSettings>(configuration, DrawLeaseSettings.Section)
            .Validate(s => s.DrawLeaseSeconds >= DrawLeaseSettings.MinimumLeaseSeconds,
                $"{AppSettingNames.DrawLeaseSeconds} must be at least {DrawLeaseSettings.MinimumLeaseSeconds} seconds.")
            .Validate(s => s.DrawLeaseRenewalSeconds is not { } renewal || (renewal >= 1 && renewal <= s.DrawLeaseSeconds / 2),
                $"{AppSettingNames.DrawLeaseRenewalSeconds} must be at least 1 second and at most half of {AppSettingNames.DrawLeaseSeconds}.");
        services.AddSingleton(sp => sp.Settings<DrawLeaseSettings>().ToDrawOptions());
        services.AddSingleton<DrawService>();
        services.AddSingleton<PublishedDrawResults>();
        return services;
    }
}

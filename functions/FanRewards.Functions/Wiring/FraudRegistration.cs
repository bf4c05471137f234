using FanRewards.Core.Awards;
using FanRewards.Core.Entries;
using FanRewards.Core.Figures;
using FanRewards.Core.Fraud;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FanRewards.Functions.Wiring;

public static class FraudRegistration
{
    /// <summary>
    /// Fraud review before the seal: the entry-time tally (flushed with the figures) and the entry path's watch (the
    /// disqualified refused through a short-lived copy of the list), the review (from the aggregates, cached per
    /// instance), bulk disqualification, likes withdrawn.
    /// </summary>
    public static IServiceCollection AddFraudReview(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<FraudSettings>(configuration, FraudSettings.Section)
            .Validate(s => s.FraudReviewCacheSeconds >= 0, $"{AppSettingNames.FraudReviewCacheSeconds} must be 0 or more seconds.");
        services.AddSingleton(sp => sp.Settings<FraudSettings>().ToOptions());
        services.AddSingleton<SignalTally>();
        services.AddSingleton(sp => new EntryWatch(sp.GetRequiredService<SignalTally>(), new DisqualifiedEntrants(
            new CachingDisqualificationStore(sp.GetRequiredService<IDisqualificationStore>(), sp.GetRequiredService<TimeProvider>(), AwardService.DisqualifiedFreshFor))));
        // The review reads the store itself: it must mark a disqualification just made.
        services.AddSingleton(sp => new DisqualifiedEntrants(sp.GetRequiredService<IDisqualificationStore>()));
        services.AddSingleton<FraudReview>();
        services.AddSingleton<BulkDisqualification>();
        services.AddSingleton<LikeWithdrawal>();
        services.AddSingleton<LikeWithdrawalSweep>();
        return services;
    }
}

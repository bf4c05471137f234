using FanRewards.Core.Figures;
using FanRewards.Core.Fraud;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FanRewards.Functions.Wiring;

public static class FraudRegistration
{
    /// <summary>Fraud review before the seal: the review (one read of the entries, cached per instance), bulk disqualification, likes withdrawn.</summary>
    public static IServiceCollection AddFraudReview(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<FraudSettings>(configuration, FraudSettings.Section)
            .Validate(s => s.FraudReviewCacheSeconds >= 0, $"{AppSettingNames.FraudReviewCacheSeconds} must be 0 or more seconds.");
        services.AddSingleton(sp => sp.Settings<FraudSettings>().ToOptions());
        services.AddSingleton<FraudReview>();
        services.AddSingleton<BulkDisqualification>();
        services.AddSingleton<LikeWithdrawal>();
        return services;
    }
}

using FanRewards.Core.Fraud;

namespace FanRewards.Functions.Wiring;

/// <summary>Fraud review, section "FanRewards" (AppSettingNames.FraudReviewCacheSeconds).</summary>
public sealed class FraudSettings
{
    public const string Section = "FanRewards";

    /// <summary>How long an instance keeps a campaign's review before reading its entries again; 0 reads every time.</summary>
    public double FraudReviewCacheSeconds { get; set; } = 60;

    public FraudReviewOptions ToOptions() => new() { CacheFor = TimeSpan.FromSeconds(FraudReviewCacheSeconds) };
}

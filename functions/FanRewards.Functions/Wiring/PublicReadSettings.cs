using FanRewards.Core;

namespace FanRewards.Functions.Wiring;

/// <summary>The Cache-Control max-age of public GETs in seconds, section "PublicReads" (AppSettingNames.Public…MaxAgeSeconds).</summary>
public sealed class PublicReadSettings
{
    public const string Section = "PublicReads";
    private static readonly PublicReadOptions Defaults = new();

    public double CampaignMaxAgeSeconds { get; set; } = Defaults.CampaignMaxAge.TotalSeconds;

    public double WinnersMaxAgeSeconds { get; set; } = Defaults.WinnersMaxAge.TotalSeconds;

    public double DrawnProofMaxAgeSeconds { get; set; } = Defaults.DrawnProofMaxAge.TotalSeconds;

    public double EntrySetMaxAgeSeconds { get; set; } = Defaults.EntrySetMaxAge.TotalSeconds;

    public PublicReadOptions ToOptions() => Defaults with
    {
        CampaignMaxAge = TimeSpan.FromSeconds(CampaignMaxAgeSeconds),
        WinnersMaxAge = TimeSpan.FromSeconds(WinnersMaxAgeSeconds),
        DrawnProofMaxAge = TimeSpan.FromSeconds(DrawnProofMaxAgeSeconds),
        EntrySetMaxAge = TimeSpan.FromSeconds(EntrySetMaxAgeSeconds),
    };
}

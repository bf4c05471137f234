using FanRewards.Core.Draws;

namespace FanRewards.Functions.Wiring;

/// <summary>
/// How long a draw step's lease lasts unless renewed, and how often a working step renews it: section "FanRewards"
/// (AppSettingNames.DrawLeaseSeconds, DrawLeaseRenewalSeconds). Without a renewal setting a step renews every third
/// of the lease; a renewal is at most half the lease, so a failed one is tried again before the lease lapses.
/// </summary>
public sealed class DrawLeaseSettings
{
    public const string Section = "FanRewards";
    public const double MinimumLeaseSeconds = 5;

    public double DrawLeaseSeconds { get; set; } = 60;

    public double? DrawLeaseRenewalSeconds { get; set; }

    public DrawOptions ToDrawOptions()
    {
        var options = new DrawOptions { LeaseDuration = TimeSpan.FromSeconds(DrawLeaseSeconds) };
        return DrawLeaseRenewalSeconds is { } renewal ? options with { LeaseRenewal = TimeSpan.FromSeconds(renewal) } : options;
    }
}

using FanRewards.Core.Entries;
using FanRewards.Core.Figures;

namespace FanRewards.Functions.Wiring;

/// <summary>Settings of entering and its figures, section "FanRewards" (AppSettingNames.LeaderboardCacheSeconds, FigureFlushSeconds).</summary>
public sealed class EntrySettings
{
    public const string Section = "FanRewards";

    /// <summary>How long a leaderboard is served from memory; 0 reads the figures every time.</summary>
    public double LeaderboardCacheSeconds { get; set; } = 10;

    /// <summary>How often each instance writes its tally of figures; at least a second.</summary>
    public double FigureFlushSeconds { get; set; } = 10;

    public LeaderboardOptions ToLeaderboardOptions() => new() { TimeToLive = TimeSpan.FromSeconds(LeaderboardCacheSeconds) };

    public FigureOptions ToFigureOptions() => new() { FlushInterval = TimeSpan.FromSeconds(FigureFlushSeconds) };
}

/// <summary>The entry rate limits, section "RateLimits" (AppSettingNames.RateLimitPerEntrant, RateLimitPerIp): requests per 10 s.</summary>
public sealed class RateLimitSettings
{
    public const string Section = "RateLimits";

    public int PerEntrantPer10Seconds { get; set; } = 20;

    public int PerIpPer10Seconds { get; set; } = 2000;

    public RateLimitOptions ToOptions() => new() { PerEntrant = PerEntrantPer10Seconds, PerIp = PerIpPer10Seconds };
}

/// <summary>Moderation, section "Moderation" (AppSettingNames.SensitiveWords): words a message or reflection may not contain.</summary>
public sealed class ModerationSettings
{
    public const string Section = "Moderation";

    public List<string> SensitiveWords { get; set; } = [];

    public EntryPolicy ToEntryPolicy() => new() { SensitiveWords = SensitiveWords.Where(w => w.Length > 0).ToList() };
}

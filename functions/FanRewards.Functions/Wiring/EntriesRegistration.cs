using FanRewards.Core.Entering;
using FanRewards.Core.Entries;
using FanRewards.Core.Figures;
using FanRewards.Functions.Figures;
using FanRewards.Functions.Http;
using FanRewards.Functions.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FanRewards.Functions.Wiring;

public static class EntriesRegistration
{
    /// <summary>Entering: the entrant's token and rate limits at the gate, the entry rules, moderation, leaderboards and figures.</summary>
    public static IServiceCollection AddEntries(this IServiceCollection services, IConfiguration configuration)
    {
        // Token keys, issuer and audience are read by EntrantTokenOptions itself; a missing or malformed one stops the start.
        services.AddSingleton(sp => EntrantTokenOptions.From(configuration, sp.GetRequiredService<IHostEnvironment>()));
        services.BuildOnStart<EntrantTokenOptions>();
        services.AddSingleton<EntrantAuthenticator>();
        services.AddSingleton(ClientAddressOptions.From(configuration));
        services.AddSingleton<ClientAddress>();
        services.AddSettings<RateLimitSettings>(configuration, RateLimitSettings.Section)
            .Validate(s => s.PerEntrantPer10Seconds >= 1, $"{AppSettingNames.RateLimitPerEntrant} must be at least 1 request.")
            .Validate(s => s.PerIpPer10Seconds >= 1, $"{AppSettingNames.RateLimitPerIp} must be at least 1 request.");
        services.AddSingleton(sp => sp.Settings<RateLimitSettings>().ToOptions());
        services.AddSingleton<RateLimiter>();
        services.AddSingleton<EntrantGate>();

        services.AddSettings<ModerationSettings>(configuration, ModerationSettings.Section);
        services.AddSingleton(sp => sp.Settings<ModerationSettings>().ToEntryPolicy());
        services.AddSettings<EntrySettings>(configuration, EntrySettings.Section)
            .Validate(s => s.LeaderboardCacheSeconds >= 0, $"{AppSettingNames.LeaderboardCacheSeconds} must be 0 or more seconds.")
            .Validate(s => s.FigureFlushSeconds >= 1, $"{AppSettingNames.FigureFlushSeconds} must be at least 1 second.");
        services.AddSingleton(sp => sp.Settings<EntrySettings>().ToLeaderboardOptions());
        services.AddSingleton(sp => sp.Settings<EntrySettings>().ToFigureOptions());

        services.AddSingleton<EntryFigures>();
        services.AddHostedService<FigureFlusher>();
        services.AddSingleton<EntryService>();
        services.AddSingleton<LeaderboardService>();
        services.AddSingleton<ModerationService>();
        services.AddSingleton<DisqualificationService>();
        return services;
    }
}

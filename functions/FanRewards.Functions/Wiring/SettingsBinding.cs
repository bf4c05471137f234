using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FanRewards.Functions.Wiring;

/// <summary>
/// How the app's settings become options: bound from their configuration section, checked with messages that name the
/// setting, and checked when the host starts (<c>ValidateOnStart</c>), so a missing or malformed value stops the start
/// instead of the first request that needs it. A value that is not a number fails in the binder, which names its key.
/// </summary>
internal static class SettingsBinding
{
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class =>
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();

    /// <summary>The bound and checked settings, for the registrations that turn them into Core's options records.</summary>
    public static T Settings<T>(this IServiceProvider services) where T : class => services.GetRequiredService<IOptions<T>>().Value;

    /// <summary>
    /// Builds <typeparamref name="T"/> when the host starts, for settings read by a factory of their own (entrant token
    /// keys, storage endpoints): what it throws for a missing or malformed setting, naming it, stops the start.
    /// </summary>
    public static IServiceCollection BuildOnStart<T>(this IServiceCollection services) where T : class
    {
        services.AddOptions<BuiltOnStart<T>>().Validate<T>((_, _) => true).ValidateOnStart();
        return services;
    }

    private sealed class BuiltOnStart<T>;
}

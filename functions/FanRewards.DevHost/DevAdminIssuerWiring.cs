using FanRewards.Functions.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FanRewards.DevHost;

/// <summary>
/// Dev admin tokens on the DevHost only: when <see cref="DevHostSettings.AdminDevTokens"/> is on, the admin token options
/// get the DevHost's local issuer with a key of its own (configured or made for this run), beside the organisation's
/// authority when one is configured. The Function App's wiring never does this, so its API refuses dev admin tokens.
/// </summary>
internal static class DevAdminIssuerWiring
{
    public static IServiceCollection AddDevAdminIssuerWhenOn(this IServiceCollection services, IConfiguration configuration, DevHostSettings settings)
    {
        if (!settings.AdminDevTokens) return services;
        var devKey = settings.AdminDevTokenKey is { } configured ? Decode(configured) : AdminTokenOptions.NewDevKey();
        services.Replace(ServiceDescriptor.Singleton(sp =>
            AdminTokenOptions.From(configuration, sp.GetRequiredService<IHostEnvironment>(), withLocalIssuer: true).WithDevIssuer(devKey)));
        return services;
    }

    private static byte[] Decode(string base64)
    {
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var length) && length >= 32
            ? bytes[..length]
            : throw new InvalidOperationException($"{DevHostSettings.SectionName}:{nameof(DevHostSettings.AdminDevTokenKey)} must be at least 32 bytes (base64).");
    }
}

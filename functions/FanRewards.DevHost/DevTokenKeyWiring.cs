using System.Security.Cryptography;
using FanRewards.Functions.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FanRewards.DevHost;

/// <summary>
/// Dev tokens on the DevHost only: when <see cref="DevHostSettings.EntrantDevTokens"/> is on, the entrant token options
/// the Function App registered get a key of the DevHost's own (configured or made for this run) beside the configured
/// keys. The Function App's own wiring never does this, so its API refuses dev tokens in every environment.
/// </summary>
internal static class DevTokenKeyWiring
{
    public static IServiceCollection AddDevTokenKeyWhenOn(this IServiceCollection services, DevHostSettings settings)
    {
        if (!settings.EntrantDevTokens) return services;
        var devKey = settings.EntrantDevTokenKey is { } configured ? Decode(configured) : RandomNumberGenerator.GetBytes(32);
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(EntrantTokenOptions) && d.ImplementationFactory is not null)
            ?? throw new InvalidOperationException("The Function App registers no EntrantTokenOptions to add the dev token key to.");
        var configuredOptions = registered.ImplementationFactory!;
        services.Replace(ServiceDescriptor.Singleton(sp => ((EntrantTokenOptions)configuredOptions(sp)).WithDevTokenKey(devKey)));
        return services;
    }

    private static byte[] Decode(string base64)
    {
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var length) && length >= 32
            ? bytes[..length]
            : throw new InvalidOperationException($"{DevHostSettings.SectionName}:{nameof(DevHostSettings.EntrantDevTokenKey)} must be at least 32 bytes (base64).");
    }
}

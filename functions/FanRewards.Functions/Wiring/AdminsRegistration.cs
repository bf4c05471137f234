using FanRewards.Functions.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FanRewards.Functions.Wiring;

public static class AdminsRegistration
{
    /// <summary>Admin sign-in: the token options (a missing authority outside Development stops the start), the check and the gate.</summary>
    public static IServiceCollection AddAdmins(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(sp => AdminTokenOptions.From(configuration, sp.GetRequiredService<IHostEnvironment>()));
        services.BuildOnStart<AdminTokenOptions>();
        services.AddSingleton<AdminAuthenticator>();
        services.AddSingleton<IAdminGate, TokenAdminGate>();
        return services;
    }
}

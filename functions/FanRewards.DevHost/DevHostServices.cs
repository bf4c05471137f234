using FanRewards.DevHost.Discovery;
using FanRewards.DevHost.Http;
using FanRewards.DevHost.Invocation;
using FanRewards.DevHost.Queues;
using FanRewards.DevHost.Timers;
using FanRewards.Functions;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FanRewards.DevHost;

internal static class DevHostServices
{
    /// <summary>The Function App's own services, plus what it takes to run its functions outside the Functions host.</summary>
    public static IServiceCollection AddDevHost(
        this IServiceCollection services, IConfiguration configuration, string functionKey, DevHostSettings settings)
    {
        services.AddFanRewards(configuration);
        services.AddDevTokenKeyWhenOn(settings);
        services.AddDevAdminIssuerWhenOn(configuration, settings);

        // IActionResult executors (ObjectResult and friends), which the worker's ASP.NET Core integration has too.
        services.AddMvcCore();
        services.AddProblemDetails();
        services.TryAddSingleton(TimeProvider.System);

        var hostJson = Path.Combine(Path.GetDirectoryName(typeof(Registration).Assembly.Location)!, "host.json");
        services.AddSingleton(HostSettings.Load(hostJson, configuration));
        services.AddOptions<FunctionDiscoveryOptions>();
        services.AddSingleton(provider => FunctionCatalog.Discover(
            provider.GetRequiredService<IOptions<FunctionDiscoveryOptions>>().Value.CandidateTypes(),
            configuration,
            provider.GetRequiredService<HostSettings>()));
        services.AddSingleton<FunctionInvoker>();
        services.AddSingleton(new FunctionKeyCheck(functionKey));
        services.AddSingleton<Diagnostics.MetricTotals>();
        services.AddHostedService<QueueFunctionListener>();
        services.AddHostedService<TimerFunctionScheduler>();
        return services;
    }
}

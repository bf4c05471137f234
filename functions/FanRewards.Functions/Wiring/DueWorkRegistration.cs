using FanRewards.Core.Due;
using Microsoft.Extensions.DependencyInjection;

namespace FanRewards.Functions.Wiring;

public static class DueWorkRegistration
{
    /// <summary>The due index: what the timers have to do, so that a sweep reads what is due and not every campaign.</summary>
    public static IServiceCollection AddDueWork(this IServiceCollection services)
    {
        services.AddSingleton(new DueOptions());
        services.AddSingleton<DueLedger>();
        return services;
    }
}

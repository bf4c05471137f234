using FanRewards.Core.Awards;
using FanRewards.Core.Due;
using FanRewards.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FanRewards.Functions.Wiring;

public static class AwardsRegistration
{
    /// <summary>Awards of every mode (first come, instant, top N, judged), vouchers and claims.</summary>
    public static IServiceCollection AddAwards(this IServiceCollection services)
    {
        services.AddSingleton<AwardChanges>();
        // Every award transaction marks the work it makes due (events, vouchers, claim deadlines) before it runs.
        services.AddSingleton<IAwardStore>(sp => new DueMarkingAwardStore(sp.GetRequiredService<TableAwardStore>(), sp.GetRequiredService<DueLedger>()));
        services.AddSingleton<InstantWinProofs>();
        services.AddSingleton<VoucherIssuer>();
        services.AddSingleton<VoucherService>();
        services.AddSingleton<AwardService>();
        services.AddSingleton(new ClaimOptions());
        services.AddSingleton<ClaimService>();
        services.AddSingleton<JudgingService>();
        services.AddSingleton<TopNService>();
        services.AddSingleton<TopNSchedule>();
        return services;
    }
}

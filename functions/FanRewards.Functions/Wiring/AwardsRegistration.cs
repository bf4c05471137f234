using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Due;
using FanRewards.Core.Entries;
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
        // A seed never changes once made: each instance reads it once.
        services.AddSingleton<IInstantSeedStore>(sp => new CachingInstantSeedStore(sp.GetRequiredService<TableInstantSeedStore>()));
        services.AddSingleton<InstantWinProofs>();
        services.AddSingleton<VoucherIssuer>();
        services.AddSingleton<VoucherService>();
        // Only the prizes given at the moment of entering read the disqualified through a short-lived copy: a burst asks
        // for every would-be winner. Draws, top N and judging read the store itself.
        services.AddSingleton(sp => new AwardService(
            sp.GetRequiredService<IAwardStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<VoucherIssuer>(),
            sp.GetRequiredService<IInstantSeedStore>(),
            new CachingDisqualificationStore(sp.GetRequiredService<IDisqualificationStore>(), sp.GetRequiredService<TimeProvider>(),
                AwardService.DisqualifiedFreshFor)));
        services.AddSingleton(new ClaimOptions());
        services.AddSingleton<ClaimService>();
        services.AddSingleton<PrizePasses>();
        services.AddSingleton<DisqualifiedWinners>();
        services.AddSingleton<JudgingService>();
        services.AddSingleton<TopNService>();
        services.AddSingleton<TopNSchedule>();
        // Run once per store when an instance starts (by the storage layer's DueBackfillService).
        services.AddSingleton<DueBackfill>();
        // Publishing makes the instant-win seeds, then marks the top-N close (after the draws' seeds).
        services.AddSingleton<ICampaignPublication, InstantWinPublication>();
        services.AddSingleton<ICampaignPublication, TopNPublication>();
        return services;
    }
}

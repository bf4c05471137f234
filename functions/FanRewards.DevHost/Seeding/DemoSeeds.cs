using FanRewards.Functions.Seeding;

namespace FanRewards.DevHost.Seeding;

/// <summary>Loads the demo campaigns through the Function App's own seeder, so a fresh store has something to show.</summary>
internal static partial class DemoSeeds
{
    public static async Task LoadAsync(
        IServiceProvider services, string seedsDirectory, ILogger logger, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(seedsDirectory))
        {
            LogNoSeeds(logger, seedsDirectory);
            return;
        }

        await using var scope = services.CreateAsyncScope();
        var seeder = ActivatorUtilities.GetServiceOrCreateInstance<DemoSeeder>(scope.ServiceProvider);
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        var loaded = await seeder.SeedIfEmptyAsync(seedsDirectory, now, cancellationToken);
        LogSeeded(logger, loaded, seedsDirectory);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No seeds loaded: {SeedsDirectory} does not exist")]
    private static partial void LogNoSeeds(ILogger logger, string seedsDirectory);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Seeds: {Loaded} loaded from {SeedsDirectory} (none when the store already had data)")]
    private static partial void LogSeeded(ILogger logger, int loaded, string seedsDirectory);
}

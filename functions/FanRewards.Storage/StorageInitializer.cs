using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FanRewards.Storage;

/// <summary>
/// Creates the tables when the app starts, so the first request does not pay for it, and indexes draws stored before
/// the due index existed (once per account).
/// </summary>
internal sealed class StorageInitializer(StorageTables tables, ILogger<StorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        try
        {
            await new TableDrawStore(tables).IndexUnfinishedDrawsOnceAsync(cancellationToken);
        }
        catch (Azure.RequestFailedException e)
        {
            // The next start tries again; until then only draws stored before the index could be missed by the timer.
            logger.LogWarning(e, "Could not index the unfinished draws stored before the due index");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

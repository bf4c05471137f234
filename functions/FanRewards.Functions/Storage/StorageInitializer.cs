using Microsoft.Extensions.Hosting;

namespace FanRewards.Functions.Storage;

/// <summary>Creates the tables when the app starts, so the first request does not pay for it.</summary>
internal sealed class StorageInitializer(StorageTables tables) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => tables.EnsureCreatedAsync(cancellationToken);
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

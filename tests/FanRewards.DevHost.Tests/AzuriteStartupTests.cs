using System.Diagnostics;
using Azure.Storage.Queues;
using FanRewards.Azurite;
using FanRewards.DevHost.Tests.Support.TestFunctions;

namespace FanRewards.DevHost.Tests;

/// <summary>Outside the shared Azurite collection: this DevHost starts (and must stop) an Azurite of its own.</summary>
public sealed class AzuriteStartupTests : IDisposable
{
    private readonly string _location =
        Path.Combine(Path.GetTempPath(), "fanrewards-devhost-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Without_a_storage_connection_the_devhost_starts_azurite_and_stops_it_on_dispose()
    {
        var devHost = await TestDevHost.StartAsync(
            storageConnectionString: null!, [typeof(QueueTestFunctions)],
            new Dictionary<string, string?> { ["DevHost:AzuriteLocation"] = _location });
        int processId;
        await using (devHost)
        {
            var azurite = Assert.IsType<AzuriteServer>(devHost.Azurite);
            processId = azurite.ProcessId;
            Assert.Equal(_location, azurite.Location);
            Assert.Equal(azurite.ConnectionString, devHost.Application.Configuration["AzureWebJobsStorage"]);
            // The queue listener created its queue there.
            var queueName = devHost.Application.Configuration[QueueTestFunctions.WorkQueueSetting];
            Assert.True(await new QueueClient(azurite.ConnectionString, queueName).ExistsAsync());
        }

        Assert.False(IsRunning(processId));
    }

    public void Dispose()
    {
        if (Directory.Exists(_location))
        {
            Directory.Delete(_location, recursive: true);
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

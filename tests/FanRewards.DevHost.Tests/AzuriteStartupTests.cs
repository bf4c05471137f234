using System.Diagnostics;
using Azure.Storage.Queues;
using FanRewards.DevHost.Tests.TestFunctions;
using FanRewards.Testing;

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
            var azurite = Assert.IsType<DevHost.Azurite.AzuriteServer>(devHost.Azurite);
            processId = azurite.ProcessId;
            Assert.Equal(_location, azurite.Location);
            Assert.Equal(azurite.ConnectionString, devHost.Application.Configuration["AzureWebJobsStorage"]);
            // The queue listener created its queue there.
            var queueName = devHost.Application.Configuration[QueueTestFunctions.WorkQueueSetting];
            Assert.True(await new QueueClient(azurite.ConnectionString, queueName).ExistsAsync());
        }

        Assert.False(IsRunning(processId));
    }

    [Fact]
    public async Task Started_in_memory_azurite_serves_tables_and_leaves_no_database_file()
    {
        int processId;
        await using (var azurite = await DevHost.Azurite.AzuriteServer.StartAsync(_location, repositoryRoot: DevHost.Azurite.RepositoryRoot.Find(AppContext.BaseDirectory),
                         launch: new DevHost.Azurite.AzuriteLaunchOptions { InMemoryPersistence = true, NodeHeapMegabytes = 1024 }))
        {
            processId = azurite.ProcessId;
            var table = new Azure.Data.Tables.TableClient(azurite.ConnectionString, "Memory");
            await table.CreateIfNotExistsAsync();
            await table.AddEntityAsync(new Azure.Data.Tables.TableEntity("p", "r") { ["Value"] = 1 });
            Assert.Equal(1, (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>("p", "r")).Value.GetInt32("Value"));
        }

        Assert.False(IsRunning(processId));
        // On disk Azurite writes __azurite_db_table__.json into the location; in memory nothing.
        Assert.Empty(Directory.EnumerateFiles(_location, "__azurite_db_*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task By_default_azurite_keeps_its_tables_in_the_location()
    {
        await using (var azurite = await DevHost.Azurite.AzuriteServer.StartAsync(_location, repositoryRoot: DevHost.Azurite.RepositoryRoot.Find(AppContext.BaseDirectory)))
        {
            await new Azure.Data.Tables.TableClient(azurite.ConnectionString, "Disk").CreateIfNotExistsAsync();
        }

        Assert.NotEmpty(Directory.EnumerateFiles(_location, "__azurite_db_table*", SearchOption.AllDirectories));
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

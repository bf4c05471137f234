using System.Diagnostics;
using Azure.Data.Tables;

namespace FanRewards.Azurite.Tests;

/// <summary>The launcher on its own: each test starts (and must stop) an Azurite of its own.</summary>
public sealed class AzuriteServerTests : IDisposable
{
    private readonly string _location =
        Path.Combine(Path.GetTempPath(), "fanrewards-azurite-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Started_in_memory_azurite_serves_tables_and_leaves_no_database_file()
    {
        int processId;
        await using (var azurite = await AzuriteServer.StartAsync(_location, repositoryRoot: RepositoryRoot.Find(AppContext.BaseDirectory),
                         launch: new AzuriteLaunchOptions { InMemoryPersistence = true, NodeHeapMegabytes = 1024 }))
        {
            processId = azurite.ProcessId;
            var table = new TableClient(azurite.ConnectionString, "Memory");
            await table.CreateIfNotExistsAsync();
            await table.AddEntityAsync(new TableEntity("p", "r") { ["Value"] = 1 });
            Assert.Equal(1, (await table.GetEntityAsync<TableEntity>("p", "r")).Value.GetInt32("Value"));
        }

        Assert.False(IsRunning(processId));
        // On disk Azurite writes __azurite_db_table__.json into the location; in memory nothing.
        Assert.Empty(Directory.EnumerateFiles(_location, "__azurite_db_*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task By_default_azurite_keeps_its_tables_in_the_location()
    {
        await using (var azurite = await AzuriteServer.StartAsync(_location, repositoryRoot: RepositoryRoot.Find(AppContext.BaseDirectory)))
        {
            await new TableClient(azurite.ConnectionString, "Disk").CreateIfNotExistsAsync();
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

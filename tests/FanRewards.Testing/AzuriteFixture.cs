using FanRewards.Azurite;
using Xunit;

namespace FanRewards.Testing;

/// <summary>
/// One Azurite (Table, Queue and Blob storage) for a test class or collection: started in a fresh temporary
/// folder on free loopback ports through the launcher the DevHost uses too (<see cref="AzuriteServer"/>), stopped and deleted on
/// dispose. Use it as <c>IClassFixture&lt;AzuriteFixture&gt;</c>, or share one across test classes as described
/// at <see cref="AzuriteCollection"/>. Tests sharing it keep apart with <see cref="StorageNames.Unique"/> table
/// and queue names.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private readonly string _location =
        Path.Combine(Path.GetTempPath(), "fanrewards-azurite-" + Guid.NewGuid().ToString("N"));

    private AzuriteServer? _server;

    /// <summary>The running server: its endpoints and process id.</summary>
    public AzuriteServer Server => _server ?? throw new InvalidOperationException("Azurite has not started yet.");

    /// <summary>A storage connection string for <c>TableServiceClient</c>, <c>QueueClient</c> and <c>AzureWebJobsStorage</c>.</summary>
    public string ConnectionString => Server.ConnectionString;

    public async Task InitializeAsync() =>
        _server = await AzuriteServer.StartAsync(_location, repositoryRoot: RepositoryRoot.Find(AppContext.BaseDirectory));

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (Directory.Exists(_location))
        {
            Directory.Delete(_location, recursive: true);
        }
    }
}

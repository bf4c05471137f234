using FanRewards.DevHost.Tests.Support.TestFunctions;
using FanRewards.Testing;

namespace FanRewards.DevHost.Tests.Support;

/// <summary>
/// A test class's DevHost on the shared Azurite serving the HTTP test functions (<see cref="HttpTestFunctions"/>), started
/// before each test and stopped after it, and a client of its address.
/// </summary>
public abstract class HttpTestFunctionsHost(AzuriteFixture azurite) : IAsyncLifetime
{
    protected DevHostApp Host { get; private set; } = null!;
    protected HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await TestDevHost.StartAsync(azurite.ConnectionString, [typeof(HttpTestFunctions)]);
        Client = Host.Client();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}

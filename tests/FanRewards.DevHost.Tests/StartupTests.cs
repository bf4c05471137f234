using FanRewards.DevHost.Discovery;
using FanRewards.DevHost.Tests.Support.TestFunctions;
using FanRewards.Testing;

namespace FanRewards.DevHost.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class StartupTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_route_starting_with_admin_is_refused_at_startup()
    {
        var refusal = await Assert.ThrowsAsync<InvalidFunctionException>(() =>
            TestDevHost.BuildAsync(azurite.ConnectionString, [typeof(RefusedFunctions.AdminRoute)]));

        Assert.Equal("AdminRoute", refusal.FunctionName);
        Assert.Contains("admin/campaigns", refusal.Message);
    }

    [Fact]
    public async Task A_parameter_the_devhost_cannot_bind_is_refused_at_startup_by_name()
    {
        var refusal = await Assert.ThrowsAsync<InvalidFunctionException>(() =>
            TestDevHost.BuildAsync(azurite.ConnectionString, [typeof(RefusedFunctions.UnbindableParameter)]));

        Assert.Equal("Unbindable", refusal.FunctionName);
        Assert.Contains("'notInRoute'", refusal.Message);
    }

    [Fact]
    public async Task A_malformed_app_setting_stops_the_devhost_at_start_naming_it()
    {
        await using var devHost = await TestDevHost.BuildAsync(azurite.ConnectionString, [typeof(QueueTestFunctions)],
            new Dictionary<string, string?> { ["FanRewards:DrawLeaseRenewalSeconds"] = "45" });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => devHost.StartAsync());

        Assert.Contains("FanRewards:DrawLeaseRenewalSeconds", error.Message);
    }
}

using FanRewards.DevHost.Discovery;
using FanRewards.DevHost.Tests.Support.TestFunctions;
using FanRewards.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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

    [Fact]
    public async Task Run_until_stopped_then_disposed_stops_the_hosted_services_once()
    {
        // Program.cs runs the DevHost and then disposes it; the stop work of hosted services (the figures' last flush)
        // must run once, before the services are disposed, not again afterwards against disposed ones.
        var counter = new StopCounter();
        using var stop = new CancellationTokenSource();
        await using (var devHost = await TestDevHost.BuildAsync(azurite.ConnectionString, [typeof(QueueTestFunctions)],
                         services: s => s.AddHostedService(_ => counter)))
        {
            var running = devHost.RunAsync(stop.Token);
            var lifetime = devHost.Services.GetRequiredService<IHostApplicationLifetime>();
            await Poll.UntilAsync(() => lifetime.ApplicationStarted.IsCancellationRequested, TimeSpan.FromSeconds(30), "the DevHost to start");
            Assert.True(counter.Started);
            await stop.CancelAsync();
            await running;
        }

        Assert.Equal(1, counter.Stops);
    }

    private sealed class StopCounter : IHostedService
    {
        private int _stops;
        public bool Started { get; private set; }
        public int Stops => _stops;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            Started = true;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _stops);
            return Task.CompletedTask;
        }
    }
}

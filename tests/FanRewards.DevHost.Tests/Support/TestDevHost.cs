using FanRewards.DevHost.Discovery;
using FanRewards.DevHost.Tests.Support.TestFunctions;
using FanRewards.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FanRewards.DevHost.Tests.Support;

/// <summary>An in-process DevHost on the shared Azurite, on a free port, serving only the given function classes.</summary>
internal static class TestDevHost
{
    public const string FunctionKey = "test-function-key";

    public static async Task<DevHostApp> StartAsync(
        string storageConnectionString, IEnumerable<Type> functionClasses, IDictionary<string, string?>? settings = null)
    {
        var devHost = await BuildAsync(storageConnectionString, functionClasses, settings);
        await devHost.StartAsync();
        return devHost;
    }

    public static Task<DevHostApp> BuildAsync(
        string? storageConnectionString, IEnumerable<Type> functionClasses, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null) =>
        DevHostApp.BuildAsync([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["urls"] = "http://127.0.0.1:0",
                ["AzureWebJobsStorage"] = storageConnectionString,
                ["DevHost:FunctionKey"] = FunctionKey,
                ["DevHost:LoadSeeds"] = "false",
                [QueueTestFunctions.WorkQueueSetting] = StorageNames.Unique("work"),
                [QueueTestFunctions.FailingQueueSetting] = StorageNames.Unique("failing"),
                // Retries at once, so that five tries take milliseconds rather than host.json's seconds.
                ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:00",
            });
            if (settings is not null)
            {
                builder.Configuration.AddInMemoryCollection(settings);
            }

            builder.Services.AddSingleton<InvocationRecorder>();
            services?.Invoke(builder.Services);
            builder.Services.Configure<FunctionDiscoveryOptions>(discovery =>
            {
                discovery.Assemblies.Clear();
                foreach (var functionClass in functionClasses)
                {
                    discovery.Types.Add(functionClass);
                }
            });
        });

    public static HttpClient Client(this DevHostApp devHost) => new() { BaseAddress = devHost.BaseAddress };

    public static InvocationRecorder Recorder(this DevHostApp devHost) =>
        devHost.Services.GetRequiredService<InvocationRecorder>();
}

using FanRewards.DevHost.Discovery;
using FanRewards.DevHost.Http;
using FanRewards.DevHost.Queues;
using FanRewards.DevHost.Tests.Support.TestFunctions;
using FanRewards.Functions.Approvals;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace FanRewards.DevHost.Tests;

/// <summary>The banner prints only what a developer can use: the function key only when some route takes it.</summary>
public sealed class StartupBannerTests
{
    private const string Key = "banner-test-key";
    private static readonly Uri BaseAddress = new("http://127.0.0.1:7071/");

    [Fact]
    public void The_function_apps_banner_names_no_function_key_since_no_route_takes_one()
    {
        var functions = Catalog(typeof(ApprovalFunctions).Assembly.GetTypes()).HttpFunctions;
        Assert.NotEmpty(functions);
        Assert.All(functions, f => Assert.Equal(AuthorizationLevel.Anonymous, f.AuthorizationLevel));

        var printed = Print(functions);

        Assert.DoesNotContain(Key, printed, StringComparison.Ordinal);
        Assert.DoesNotContain("Function key", printed, StringComparison.Ordinal);
        Assert.Contains("Try:          curl -i http://127.0.0.1:7071/api/", printed, StringComparison.Ordinal);
        Assert.Contains("Admin token:  curl -s -X POST http://127.0.0.1:7071/api/dev/admin-tokens", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void A_route_behind_the_function_key_gets_the_key_printed()
    {
        var functions = Catalog([typeof(HttpTestFunctions)]).HttpFunctions;

        var printed = Print(functions);

        Assert.Contains($"Function key: {Key}", printed, StringComparison.Ordinal);
    }

    private static FunctionCatalog Catalog(IEnumerable<Type> types) =>
        FunctionCatalog.Discover(types, new ConfigurationBuilder().Build(), new HostSettings("api", new QueueHostOptions()));

    private static string Print(IReadOnlyList<HttpFunction> functions)
    {
        var logger = new RecordingLogger();
        StartupBanner.Print(logger, BaseAddress, Key, "Azurite", functions, adminDevTokens: true);
        return string.Join("\n", logger.Messages);
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add(formatter(state, exception));
    }
}

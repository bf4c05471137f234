using System.Buffers.Text;
using System.Security.Cryptography;
using FanRewards.Azurite;
using FanRewards.DevHost.Diagnostics;
using FanRewards.DevHost.Discovery;
using FanRewards.DevHost.Http;
using FanRewards.DevHost.Queues;
using FanRewards.DevHost.Seeding;
using FanRewards.DevHost.Web;
using FanRewards.Functions;

namespace FanRewards.DevHost;

/// <summary>
/// The Function App's functions served by ASP.NET Core with the Functions host's semantics, on Azurite when no
/// storage is configured. Owns the Azurite it started: disposing the DevHost stops it.
/// </summary>
public sealed class DevHostApp : IAsyncDisposable
{
    /// <summary>Where the Functions host listens locally, so that scripts work against either host.</summary>
    public const string DefaultUrl = "http://127.0.0.1:7071";

    private const string StorageSetting = QueueFunction.DefaultConnectionSetting;

    private bool _started;

    private DevHostApp(WebApplication application, string functionKey, AzuriteServer? azurite)
    {
        Application = application;
        FunctionKey = functionKey;
        Azurite = azurite;
    }

    public WebApplication Application { get; }

    public IServiceProvider Services => Application.Services;

    /// <summary>The key that non-anonymous functions require.</summary>
    public string FunctionKey { get; }

    /// <summary>The Azurite this DevHost started, or null when <c>AzureWebJobsStorage</c> was configured.</summary>
    public AzuriteServer? Azurite { get; }

    /// <summary>The first address the host listens on (with the real port when port 0 was asked for); after start.</summary>
    public Uri BaseAddress => new(Application.Urls.First());

    /// <summary>
    /// Builds the DevHost: configuration from <paramref name="args"/>, the environment and
    /// <paramref name="configure"/>; storage (Azurite when <c>AzureWebJobsStorage</c> is unset); the Function
    /// App's services; the functions, discovered and checked (a function the DevHost cannot serve throws
    /// <see cref="InvalidFunctionException"/> here); the demo seeds on an empty store. Serves nothing until started.
    /// </summary>
    /// <param name="configure">
    /// Changes the builder before any of that, e.g. to set configuration, or to choose the function classes
    /// with <c>builder.Services.Configure&lt;FunctionDiscoveryOptions&gt;(…)</c>.
    /// </param>
    public static async Task<DevHostApp> BuildAsync(
        string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        var told = ConfigurationFromArgsAndEnvironment(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            EnvironmentName = told[WebHostDefaults.EnvironmentKey] ?? Environments.Development,
            // appsettings.json beside the DevHost, wherever it is started from.
            ContentRootPath = told[WebHostDefaults.ContentRootKey] ?? AppContext.BaseDirectory,
        });
        configure?.Invoke(builder);
        ListenWhereTheFunctionsHostDoesUnlessTold(builder);
        NoFrontEndUnlessTold(builder);

        var settings = builder.Configuration.GetSection(DevHostSettings.SectionName).Get<DevHostSettings>() ?? new();
        var functionKey = settings.FunctionKey is { Length: > 0 } key
            ? key
            : Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var repositoryRoot = new Lazy<string>(() =>
            RepositoryRoot.Find(builder.Environment.ContentRootPath, AppContext.BaseDirectory));

        using var bootstrapLogging = LoggerFactory.Create(logging => logging.AddSimpleConsole());
        var logger = bootstrapLogging.CreateLogger<DevHostApp>();

        AzuriteServer? azurite = null;
        if (string.IsNullOrWhiteSpace(builder.Configuration[StorageSetting]))
        {
            var location = settings.AzuriteLocation
                           ?? Path.Combine(repositoryRoot.Value, ".devhost", "azurite");
            azurite = await AzuriteServer.StartAsync(location, repositoryRoot.Value, logger, cancellationToken: cancellationToken);
            builder.Configuration.AddInMemoryCollection([new(StorageSetting, azurite.ConnectionString)]);
        }

        WebApplication? application = null;
        try
        {
            builder.Services.AddDevHost(builder.Configuration, functionKey, settings);
            application = builder.Build();
            var catalog = application.Services.GetRequiredService<FunctionCatalog>();
            var appLogger = application.Services.GetRequiredService<ILoggerFactory>().CreateLogger<DevHostApp>();
            var webPages = application.UseWebPages(settings.WebDirectory ?? WebDirectoryInRepository(repositoryRoot), appLogger);
            application.MapHttpFunctions(catalog.HttpFunctions);
            // Listening from the start, so the totals count everything the app records.
            _ = application.Services.GetRequiredService<MetricTotals>();
            application.MapMetrics(application.Services.GetRequiredService<HostSettings>().RoutePrefix);

            if (settings.LoadSeeds)
            {
                var seeds = settings.SeedsDirectory ?? Path.Combine(repositoryRoot.Value, "seeds");
                await DemoSeeds.LoadAsync(application.Services, seeds, appLogger, cancellationToken);
            }

            var devHost = new DevHostApp(application, functionKey, azurite);
            var storage = azurite is null ? $"{StorageSetting} from configuration" : $"Azurite, data in {azurite.Location}";
            application.Lifetime.ApplicationStarted.Register(() =>
            {
                StartupBanner.Print(appLogger, devHost.BaseAddress, functionKey, storage, catalog.HttpFunctions, settings.AdminDevTokens);
                if (webPages)
                {
                    WebPages.LogPages(appLogger, new Uri(devHost.BaseAddress, WebPages.HomePath), new Uri(devHost.BaseAddress, WebPages.AdminPath));
                }
            });
            return devHost;
        }
        catch
        {
            if (application is not null)
            {
                await application.DisposeAsync();
            }

            if (azurite is not null)
            {
                await azurite.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Starts serving and the queue and timer triggers; returns once listening.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _started = true;
        await Application.StartAsync(cancellationToken);
    }

    /// <summary>Serves until the process is asked to stop (Ctrl+C, SIGTERM).</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        _started = true;
        await Application.RunAsync(cancellationToken);
        // RunAsync has stopped the host (the hosted services' last work, e.g. the figures' last flush, ran) and disposed
        // it: stopping it again from DisposeAsync would run that work a second time against disposed services.
        _started = false;
    }

    /// <summary>Stops the host (letting running functions finish), then the Azurite it started.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_started)
            {
                await Application.StopAsync();
            }

            await Application.DisposeAsync();
        }
        finally
        {
            if (Azurite is not null)
            {
                await Azurite.DisposeAsync();
            }
        }
    }

    /// <summary>The repository's <c>web</c> folder; none (so no pages) when the DevHost runs outside a repository.</summary>
    private static string WebDirectoryInRepository(Lazy<string> repositoryRoot)
    {
        try
        {
            return Path.Combine(repositoryRoot.Value, "web");
        }
        catch (InvalidOperationException)
        {
            return Path.Combine(AppContext.BaseDirectory, "web");
        }
    }

    /// <summary>
    /// The DevHost is reached directly, with no front end appending to X-Forwarded-For: the per-address limit counts
    /// the connection's address (whatever a client writes in the header) unless a front end is configured.
    /// </summary>
    private static void NoFrontEndUnlessTold(WebApplicationBuilder builder)
    {
        if (builder.Configuration[AppSettingNames.ClientAddressForwardedHops] is null && builder.Configuration[AppSettingNames.ClientAddressHeader] is null)
        {
            builder.Configuration.AddInMemoryCollection([new(AppSettingNames.ClientAddressForwardedHops, "0")]);
        }
    }

    /// <summary>What the host itself would read before it starts: so the DevHost's defaults give way to it.</summary>
    private static IConfiguration ConfigurationFromArgsAndEnvironment(string[] args) =>
        new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddCommandLine(args)
            .Build();

    private static void ListenWhereTheFunctionsHostDoesUnlessTold(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var told = new[] { WebHostDefaults.ServerUrlsKey, WebHostDefaults.HttpPortsKey, WebHostDefaults.HttpsPortsKey }
            .Any(setting => !string.IsNullOrWhiteSpace(configuration[setting]))
            || configuration.GetSection("Kestrel:Endpoints").Exists();
        if (!told)
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
    }
}

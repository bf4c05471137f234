using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FanRewards.Azurite;

/// <summary>
/// One Azurite process, started from the project's pinned npm package on free loopback ports, and stopped
/// (with its whole process tree) on dispose. The DevHost and the test fixtures both start storage through it.
/// </summary>
public sealed partial class AzuriteServer : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account; it is public and the same on every machine.</summary>
    public const string AccountName = "devstoreaccount1";

    private const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const int Sigterm = 15;

    private static readonly TimeSpan StartupDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan GracefulStopDeadline = TimeSpan.FromSeconds(5);

    // npm ci rewrites node_modules: two servers starting at once in one process must not both run it.
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    private readonly Process _process;
    private readonly ILogger _logger;
    private int _disposed;

    private AzuriteServer(Process process, string location, Uri blob, Uri queue, Uri table, ILogger logger)
    {
        _process = process;
        _logger = logger;
        Location = location;
        BlobEndpoint = blob;
        QueueEndpoint = queue;
        TableEndpoint = table;
        ProcessId = process.Id;
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};"
            + $"BlobEndpoint={blob};QueueEndpoint={queue};TableEndpoint={table};";
    }

    /// <summary>The folder Azurite keeps its data in (only its working folder when it keeps everything in memory).</summary>
    public string Location { get; }

    public Uri BlobEndpoint { get; }

    public Uri QueueEndpoint { get; }

    public Uri TableEndpoint { get; }

    /// <summary>A storage connection string for all three endpoints, as <c>AzureWebJobsStorage</c> takes it.</summary>
    public string ConnectionString { get; }

    /// <summary>The id of the Azurite process, so that a caller can check it is gone after dispose.</summary>
    public int ProcessId { get; }

    /// <summary>
    /// Starts Azurite with its data in <paramref name="location"/> (created if missing), on ports the operating
    /// system picks, and returns once the Queue and Table endpoints answer. Runs <c>npm ci</c> first when the
    /// repository's node_modules lacks Azurite.
    /// </summary>
    /// <param name="repositoryRoot">The folder with package.json; found from the current folder when null.</param>
    /// <param name="launch">Extra options for a large load (the load driver's million-entry draw); none by default.</param>
    public static async Task<AzuriteServer> StartAsync(
        string location,
        string? repositoryRoot = null,
        ILogger? logger = null,
        AzuriteLaunchOptions? launch = null,
        CancellationToken cancellationToken = default)
    {
        logger ??= NullLogger.Instance;
        repositoryRoot ??= RepositoryRoot.Find();
        Directory.CreateDirectory(location);
        var executable = await EnsureInstalledAsync(repositoryRoot, logger, cancellationToken);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartupDeadline);

        var process = Launch(executable, location, launch ?? new AzuriteLaunchOptions());
        var listening = new ListeningAnnouncements(process);
        try
        {
            var (blob, queue, table) = await listening.WaitAsync(deadline.Token);
            await WaitUntilAnsweringAsync([queue, table], deadline.Token);
            logger.LogInformation("Azurite (pid {ProcessId}) keeps its data in {Location}", process.Id, location);
            return new AzuriteServer(process, location, blob, queue, table, logger);
        }
        catch (Exception exception)
        {
            await StopAsync(process, logger);
            process.Dispose();
            if (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"Azurite did not start within {StartupDeadline.TotalSeconds:0} s. Its output:\n{listening.Output}",
                    exception);
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync(_process, _logger);
        _process.Dispose();
    }

    private static async Task<string> EnsureInstalledAsync(string repositoryRoot, ILogger logger, CancellationToken ct)
    {
        var executable = Path.Combine(
            repositoryRoot, "node_modules", ".bin", OperatingSystem.IsWindows() ? "azurite.cmd" : "azurite");
        await InstallLock.WaitAsync(ct);
        try
        {
            // Test assemblies run as parallel processes, each starting its own Azurite: on a fresh clone only one of
            // them may run npm ci, and the others must wait until it has finished, not just until the link exists.
            await using var installing = await AcquireInstallFileLockAsync(repositoryRoot, ct);
            if (File.Exists(executable))
            {
                return executable;
            }

            logger.LogWarning("Azurite is not installed in {Root}/node_modules: running npm ci there first", repositoryRoot);
            await RunNpmCiAsync(repositoryRoot, ct);
            return File.Exists(executable)
                ? executable
                : throw new InvalidOperationException($"npm ci in {repositoryRoot} did not install {executable}.");
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task<FileStream> AcquireInstallFileLockAsync(string repositoryRoot, CancellationToken ct)
    {
        var folder = Path.Combine(repositoryRoot, ".devhost");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "npm-install.lock");
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(10);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
        }
    }

    private static async Task RunNpmCiAsync(string repositoryRoot, CancellationToken ct)
    {
        var npm = new ProcessStartInfo(OperatingSystem.IsWindows() ? "npm.cmd" : "npm", "ci")
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(npm) ?? throw new InvalidOperationException("Could not start npm.");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"npm ci in {repositoryRoot} failed with exit code {process.ExitCode}:\n{await output}\n{await errors}");
        }
    }

    private static Process Launch(string executable, string location, AzuriteLaunchOptions launch)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Port 0 lets the operating system pick free ports, which Azurite then announces: no race between
        // choosing a port and binding it, even with many servers starting at once.
        foreach (var argument in new[]
                 {
                     "--blobHost", "127.0.0.1", "--blobPort", "0",
                     "--queueHost", "127.0.0.1", "--queuePort", "0",
                     "--tableHost", "127.0.0.1", "--tablePort", "0",
                     "--skipApiVersionCheck", "--disableProductStyleUrl", "--silent",
                     // Telemetry would reach out to the internet, and on shutdown it holds Azurite up for seconds.
                     "--disableTelemetry",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        // Azurite refuses a location with in-memory persistence; it then runs in the location instead.
        if (launch.InMemoryPersistence)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
            start.WorkingDirectory = location;
        }
        else
        {
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(location);
        }

        if (launch.NodeHeapMegabytes is { } heap)
        {
            start.Environment["NODE_OPTIONS"] = $"--max-old-space-size={heap}";
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
    }

    private static async Task WaitUntilAnsweringAsync(IEnumerable<Uri> endpoints, CancellationToken deadline)
    {
        using var http = new HttpClient();
        foreach (var endpoint in endpoints)
        {
            while (true)
            {
                try
                {
                    // Any HTTP answer, even an authentication error, shows the service is serving.
                    using var _ = await http.GetAsync(endpoint, deadline);
                    break;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50), deadline);
                }
            }
        }
    }

    private static async Task StopAsync(Process process, ILogger logger)
    {
        if (process.HasExited)
        {
            return;
        }

        // A graceful stop lets Azurite write its in-memory tables to --location; kill only when it does not go.
        if (!OperatingSystem.IsWindows())
        {
            _ = SendSignal(process.Id, Sigterm);
            using var grace = new CancellationTokenSource(GracefulStopDeadline);
            try
            {
                await process.WaitForExitAsync(grace.Token);
                return;
            }
            catch (OperationCanceledException)
            {
                logger.LogWarning("Azurite (pid {ProcessId}) did not stop on SIGTERM: killing it", process.Id);
            }
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int processId, int signal);

    /// <summary>Reads Azurite's output for the "successfully listening at" line of each service.</summary>
    private sealed partial class ListeningAnnouncements
    {
        private readonly TaskCompletionSource<Uri> _blob = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<Uri> _queue = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<Uri> _table = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly System.Text.StringBuilder _output = new();
        private readonly Process _process;

        public ListeningAnnouncements(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, line) => Read(line.Data);
            process.ErrorDataReceived += (_, line) => Read(line.Data);
            process.EnableRaisingEvents = true;
            process.Exited += (_, _) => _exited.TrySetResult();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (process.HasExited)
            {
                _exited.TrySetResult();
            }
        }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public async Task<(Uri Blob, Uri Queue, Uri Table)> WaitAsync(CancellationToken deadline)
        {
            var allListening = Task.WhenAll(_blob.Task, _queue.Task, _table.Task);
            var first = await Task.WhenAny(allListening, _exited.Task).WaitAsync(deadline);
            if (first != allListening)
            {
                // Exited fires before the last output line is read: wait for the streams to close.
                await _process.WaitForExitAsync(deadline);
                throw new InvalidOperationException(
                    $"Azurite exited with code {_process.ExitCode} before it was ready. Its output:\n{Output}");
            }

            return (await _blob.Task, await _queue.Task, await _table.Task);
        }

        private void Read(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                // Only the start-up lines matter; later output (there is little with --silent) is dropped.
                if (_output.Length < 64 * 1024)
                {
                    _output.AppendLine(line);
                }
            }

            var match = ListeningLine().Match(line);
            if (!match.Success)
            {
                return;
            }

            var endpoint = new Uri($"{match.Groups["address"].Value}/{AccountName}");
            var service = match.Groups["service"].Value switch
            {
                "Blob" => _blob,
                "Queue" => _queue,
                _ => _table,
            };
            service.TrySetResult(endpoint);
        }

        [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at (?<address>http://[^\s/]+)")]
        private static partial Regex ListeningLine();
    }
}

/// <summary>
/// How to start Azurite for a load far beyond the tests' (see bench/README.md, "A million-entry draw"). The defaults
/// are what the DevHost and the tests use: data saved under the location, Node's default heap.
/// </summary>
public sealed record AzuriteLaunchOptions
{
    /// <summary>
    /// Keep everything in memory (<c>--inMemoryPersistence</c>): on disk, Azurite's LokiJS saves the whole table
    /// database as one JSON document every 5 s, which grows with every entity stored.
    /// </summary>
    public bool InMemoryPersistence { get; init; }

    /// <summary>Node's old-space limit in MiB (<c>NODE_OPTIONS=--max-old-space-size</c>); Node's default when null.</summary>
    public int? NodeHeapMegabytes { get; init; }
}

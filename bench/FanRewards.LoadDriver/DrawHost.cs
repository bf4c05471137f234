using System.Diagnostics;
using System.Globalization;
using FanRewards.DevHost;
using Microsoft.Extensions.Configuration;

namespace FanRewards.LoadDriver;

/// <summary>
/// The DevHost as a child process of the draw benchmark, on the driver's Azurite (which outlives it), so that the
/// driver can kill it mid-draw like a crashed instance and start another. The child is this same program in
/// <c>--mode draw-host</c>: it reports its address and its managed heap on stdout, and exits when its stdin closes.
/// </summary>
internal sealed class DrawHost : IAsyncDisposable
{
    public const string Mode = "draw-host";
    private const string FunctionKey = "bench-function-key";

    private readonly Process _process;
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<long> _baseline = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _peak;

    private DrawHost(Process process)
    {
        _process = process;
        ProcessId = process.Id;
        process.OutputDataReceived += (_, line) => Read(line.Data);
        process.ErrorDataReceived += (_, line) => { if (line.Data is { } text) Console.Error.WriteLine($"    [host {process.Id}] {text}"); };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => _listening.TrySetException(new InvalidOperationException($"The DevHost (pid {process.Id}) exited."));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public HttpClient Http { get; private set; } = null!;

    public int ProcessId { get; }

    /// <summary>Starts a DevHost on <paramref name="storage"/> and returns once it serves HTTP.</summary>
    public static async Task<DrawHost> StartAsync(string storage)
    {
        var (file, prefix) = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet"
            ? (Environment.ProcessPath!, new[] { typeof(DrawHost).Assembly.Location })
            : (Environment.ProcessPath!, []);
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var argument in prefix.Concat(["--mode", Mode])) start.ArgumentList.Add(argument);
        start.Environment["AzureWebJobsStorage"] = storage;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the DevHost.");
        var host = new DrawHost(process);
        var address = await host._listening.Task.WaitAsync(TimeSpan.FromMinutes(2));
        host.Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16 }) { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
        host.Http.DefaultRequestHeaders.Add("x-functions-key", FunctionKey);
        await AdminSignIn.AuthorizeAsync(host.Http);
        return host;
    }

    /// <summary>A full collection in the host; from then on <see cref="PeakSinceBaseline"/> is the highest heap it reports.</summary>
    public async Task<long> TakeBaselineAsync()
    {
        _baseline = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await _process.StandardInput.WriteLineAsync("baseline");
        await _process.StandardInput.FlushAsync();
        var baseline = await _baseline.Task.WaitAsync(TimeSpan.FromMinutes(1));
        Interlocked.Exchange(ref _peak, baseline);
        return baseline;
    }

    public long PeakSinceBaseline => Interlocked.Read(ref _peak);

    /// <summary>SIGKILL, like an instance that dies: nothing is flushed, no step finishes.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (!_process.HasExited)
        {
            // Closing stdin asks the child to stop; it does within seconds, else it is killed.
            try { _process.StandardInput.Close(); } catch (IOException) { }
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try { await _process.WaitForExitAsync(grace.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); await _process.WaitForExitAsync(); }
        }
        _process.Dispose();
    }

    private void Read(string? line)
    {
        if (line is null) return;
        var space = line.IndexOf(' ');
        var (word, rest) = space < 0 ? (line, "") : (line[..space], line[(space + 1)..]);
        switch (word)
        {
            case "listening":
                _listening.TrySetResult(new Uri(rest));
                break;
            case "heap":
                var bytes = long.Parse(rest, CultureInfo.InvariantCulture);
                long seen;
                do seen = Interlocked.Read(ref _peak);
                while (bytes > seen && Interlocked.CompareExchange(ref _peak, bytes, seen) != seen);
                break;
            case "baseline":
                _baseline.TrySetResult(long.Parse(rest, CultureInfo.InvariantCulture));
                break;
            default:
                Console.WriteLine($"    [host {_process.Id}] {line}");
                break;
        }
    }

    /// <summary>
    /// The child's side: the DevHost on <c>AzureWebJobsStorage</c> from the environment, its managed heap sampled
    /// every 20 ms and reported (the highest of each 250 ms) on stdout, until stdin closes.
    /// </summary>
    public static async Task RunChildAsync()
    {
        await using var devHost = await DevHostApp.BuildAsync(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["DevHost:FunctionKey"] = FunctionKey,
                ["DevHost:LoadSeeds"] = "false",
                ["RateLimits:PerIpPer10Seconds"] = "1000000000",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
            });
        });
        await devHost.StartAsync();
        Console.WriteLine($"listening {devHost.BaseAddress}");

        using var stopping = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            long peak = 0;
            var reported = Stopwatch.StartNew();
            while (!stopping.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                if (reported.ElapsedMilliseconds >= 250)
                {
                    Console.WriteLine($"heap {peak.ToString(CultureInfo.InvariantCulture)}");
                    peak = 0;
                    reported.Restart();
                }
                try { await Task.Delay(20, stopping.Token); } catch (OperationCanceledException) { }
            }
        });
        while (await Console.In.ReadLineAsync() is { } command)
        {
            if (command == "baseline")
                Console.WriteLine($"baseline {GC.GetTotalMemory(forceFullCollection: true).ToString(CultureInfo.InvariantCulture)}");
        }

        await stopping.CancelAsync();
        await sampler;
    }
}

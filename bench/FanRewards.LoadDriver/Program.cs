using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using Azure.Data.Tables;
using FanRewards.Azurite;
using FanRewards.DevHost;
using FanRewards.LoadDriver;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

// Measures, in one run on one machine, (a) raw Table inserts into Azurite and (b) accepted entries through the
// DevHost over HTTP at the same concurrency, and prints their ratio. Usage:
//   dotnet run -c Release --project bench/FanRewards.LoadDriver -- [--concurrency 32] [--seconds 10] [--warmup 2] [--rounds 3]
//   ... -- --mode reads [--readers 500] [--reader-interval-ms 1000] [--reader-seconds 10]: the same likes alone and with readers of public pages (ReadsBench.cs).
//   ... -- --mode firstcome [--followers 5000] [--concurrency 64] [--units 500]   (FirstComeBench.cs)
//   ... -- --mode entry-writes [--entries 1000] [--concurrency 16]: storage requests and entities per accepted entry, flushes apart (EntryWritesBench.cs)
var options = new ConfigurationBuilder().AddCommandLine(args).Build();
var concurrency = int.Parse(options["concurrency"] ?? "32", CultureInfo.InvariantCulture);
var duration = TimeSpan.FromSeconds(double.Parse(options["seconds"] ?? "10", CultureInfo.InvariantCulture));
var warmup = TimeSpan.FromSeconds(double.Parse(options["warmup"] ?? "2", CultureInfo.InvariantCulture));

var mode = options["mode"] ?? "entries";
var root = RepositoryRoot.Find(AppContext.BaseDirectory);
// The draw benchmark runs its own Azurite and DevHost child processes (see DrawBench), and is that child in draw-host.
if (mode == DrawHost.Mode) { await DrawHost.RunChildAsync(); return; }
if (mode == "draw") { await DrawBench.RunAsync(options, root); return; }
var location = Path.Combine(Path.GetTempPath(), "fanrewards-bench-" + Guid.NewGuid().ToString("N"));
await using var azurite = await AzuriteServer.StartAsync(location, repositoryRoot: root);
Phase.StorageProcessId = azurite.ProcessId;
var signingKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("bench-signing-key-that-is-32-bytes!"));
const string functionKey = "bench-function-key";

await using var devHost = await DevHostApp.BuildAsync(["--urls", "http://127.0.0.1:0"], builder =>
{
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["DevHost:FunctionKey"] = functionKey,
        ["DevHost:LoadSeeds"] = "false",
        ["Entrants:Issuer"] = "bench",
        ["Entrants:Audience"] = "fanrewards",
        ["Entrants:HmacKeys:0"] = Convert.ToBase64String(signingKey.Key),
        // Every request of the benchmark comes from 127.0.0.1: the per-address limit would measure itself.
        ["RateLimits:PerIpPer10Seconds"] = "1000000000",
        ["Logging:LogLevel:Default"] = "Warning",
    });
    // The reads benchmark counts the DevHost's storage reads: its table client, registered first, carries a counter.
    if (mode == "reads")
    {
        builder.Services.AddSingleton(ReadsBench.CountedTables(azurite.ConnectionString));
    }
    else if (mode == EntryWritesBench.Mode)
    {
        // Its counter on the DevHost's table client; flushes only when the benchmark asks; each entrant's address from a header.
        builder.Services.AddSingleton(EntryWritesBench.CountedTables(azurite.ConnectionString));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FanRewards:FigureFlushSeconds"] = "3600",
            ["ClientAddress:Header"] = EntryWritesBench.AddressHeader,
        });
    }
    else
    {
        // The entry phases say what each call asked of storage: the DevHost's table client carries a counter too.
        builder.Services.AddSingleton(Phase.CountedTables(azurite.ConnectionString));
    }
});
await devHost.StartAsync();
var baseAddress = devHost.BaseAddress;
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 }) { BaseAddress = baseAddress };
http.DefaultRequestHeaders.Add("x-functions-key", functionKey);
await AdminSignIn.AuthorizeAsync(http);

if (mode == "firstcome")
{
    await FirstComeBench.RunAsync(http, azurite.TableEndpoint, azurite.ConnectionString, new TokenMint(signingKey),
        int.Parse(options["followers"] ?? "5000", CultureInfo.InvariantCulture), concurrency, int.Parse(options["units"] ?? "500", CultureInfo.InvariantCulture));
    return;
}

if (mode == EntryWritesBench.Mode)
{
    await EntryWritesBench.RunAsync(http, devHost.Services, new TokenMint(signingKey),
        int.Parse(options["entries"] ?? "1000", CultureInfo.InvariantCulture), int.Parse(options["concurrency"] ?? "16", CultureInfo.InvariantCulture));
    try { Directory.Delete(location, recursive: true); } catch (IOException) { }
    return;
}

Console.WriteLine($"FanRewards load driver: concurrency {concurrency}, {duration.TotalSeconds:0} s per phase after a warm-up of {warmup.TotalSeconds:0} s and until the JIT is quiet");
Console.WriteLine($"Azurite {azurite.TableEndpoint}, DevHost {baseAddress}, {Environment.ProcessorCount} cores");
await BenchCampaign.CreateAsync(http);

// Tokens are signed before the clock starts: signing is the identity platform's work, not FanRewards'.
var tokens = new TokenMint(signingKey);
var rounds = int.Parse(options["rounds"] ?? "3", CultureInfo.InvariantCulture);
// Enough for every call of every round at ~2,500 calls/s, warm-ups included; past them more are signed on the fly.
var likeTokens = tokens.Pool("liker", rounds * 30_000);
var answerTokens = tokens.Pool("solver", rounds * 30_000);
if (mode == "reads")
{
    await ReadsBench.RunAsync(http, baseAddress, likeTokens, answerTokens, concurrency, warmup, duration,
        int.Parse(options["readers"] ?? "500", CultureInfo.InvariantCulture),
        TimeSpan.FromMilliseconds(double.Parse(options["reader-interval-ms"] ?? "1000", CultureInfo.InvariantCulture)),
        TimeSpan.FromSeconds(double.Parse(options["reader-seconds"] ?? "10", CultureInfo.InvariantCulture)));
    try { Directory.Delete(location, recursive: true); } catch (IOException) { }
    return;
}

var raw = new TableClient(azurite.ConnectionString, "RawInserts");
// "entry" (the default): keys shaped as the entry path's, a 64-hex pseudonym spread over 16 bucket partitions, so both
// sides ask the same of storage; "sequential": the counter-based keys of earlier sessions' figures.
var rawKeys = options["raw-keys"] ?? "entry";
await raw.CreateIfNotExistsAsync();

// The four phases run in rounds, each kind once per round, and the ratios are of the sums: Azurite slows as its
// in-memory tables and heap grow (its CPU per raw insert doubled over one run's twelve phases), so a raw phase that
// always ran first, on empty tables, was measured on a faster Azurite than the entries after it. Within a round each
// pair alternates which side goes first (raw first in odd rounds, HTTP first in even ones). Sequence numbers go on
// across rounds: every call is a new entrant and a new row.
long rawLikeSeq = 0, rawAnswerSeq = 10_000_000, likeSeq = 0, answerSeq = 0;
var kinds = new (string Name, Func<long, Task<bool>> Call)[]
{
    ("raw like-shaped insert", async _ =>
    {
        var i = Interlocked.Increment(ref rawLikeSeq);
        var (partition, pseudonym) = RawKeys.Of(rawKeys, i);
        await raw.AddEntityAsync(new TableEntity(partition, $"likes:{pseudonym}:2027-02-20:c1")
        {
            ["ActivityId"] = "likes", ["Kind"] = "like", ["EntrantId"] = $"raw-{i}", ["Pseudonym"] = pseudonym,
            ["AcceptedAt"] = DateTimeOffset.UtcNow, ["Weight"] = 1, ["Day"] = "2027-02-20", ["CandidateId"] = "c1",
        });
        return true;
    }),
    ("HTTP like (DevHost)", async _ =>
    {
        var i = Interlocked.Increment(ref likeSeq);
        using var request = EntrantRequests.Like(BenchCampaign.Id, $"c{i % 10}", likeTokens.Take(i));
        using var response = await http.SendAsync(request);
        return response.IsSuccessStatusCode;
    }),
    ("raw answer-shaped insert", async _ =>
    {
        var i = Interlocked.Increment(ref rawAnswerSeq);
        var (partition, pseudonym) = RawKeys.Of(rawKeys, i);
        var at = DateTimeOffset.UtcNow;
        await raw.AddEntityAsync(new TableEntity(partition, $"riddles:{pseudonym}")
        {
            ["ActivityId"] = "riddles", ["Kind"] = "riddle", ["EntrantId"] = $"raw-{i}", ["Pseudonym"] = pseudonym,
            ["AcceptedAt"] = at, ["Weight"] = 1, ["Value"] = 1L, ["Progress"] = $"r1=1+@{at.ToUnixTimeMilliseconds()}",
            ["Net"] = new string('n', 16), ["Agent"] = new string('g', 16),
        });
        return true;
    }),
    ("HTTP riddle answer (DevHost)", async _ =>
    {
        var i = Interlocked.Increment(ref answerSeq);
        using var request = EntrantRequests.Answer(BenchCampaign.Id, answerTokens.Take(i));
        using var response = await http.SendAsync(request);
        return response.IsSuccessStatusCode;
    }),
};
var results = kinds.Select(_ => new List<PhaseResult>()).ToArray();
for (var round = 1; round <= rounds; round++)
{
    foreach (var kind in round % 2 == 1 ? new[] { 0, 1, 2, 3 } : [1, 0, 3, 2])
        results[kind].Add(await Phase.RunAsync($"{kinds[kind].Name} #{round}", concurrency, warmup, duration, kinds[kind].Call));
}

Console.WriteLine();
Console.WriteLine($"{"phase",-36} {"ok/s",9} {"p50 ms",8} {"p99 ms",8} {"errors",7} {"cpu us/call",12} {"azurite us/call",16} {"alloc B/call",13}");
foreach (var r in Enumerable.Range(0, rounds).SelectMany(round => results.Select(kind => kind[round])))
    Console.WriteLine($"{r.Name,-36} {r.Throughput,9:0} {r.P50.TotalMilliseconds,8:0.0} {r.P99.TotalMilliseconds,8:0.0} {r.Errors,7} {r.CpuPerCall.TotalMicroseconds,12:0} {r.StorageCpuPerCall.TotalMicroseconds,16:0} {r.AllocatedPerCall,13:N0}");
double Sum(int kind) => results[kind].Sum(r => r.Throughput);
string PerRound(int kind, int baseline) => string.Join(", ", Enumerable.Range(0, rounds)
    .Select(r => (results[kind][r].Throughput / results[baseline][r].Throughput).ToString("0.00", CultureInfo.InvariantCulture)));
Console.WriteLine();
Console.WriteLine($"ratio like/raw like-shaped     = {Sum(1) / Sum(0):0.00}  (goal >= 0.85; per round {PerRound(1, 0)})");
Console.WriteLine($"ratio answer/raw answer-shaped = {Sum(3) / Sum(2):0.00}  (goal >= 0.85; per round {PerRound(3, 2)})");
Console.WriteLine($"ratio answer/raw like-shaped   = {Sum(3) / Sum(0):0.00}  (the answer against the smaller row, as before session 9)");
try { Directory.Delete(location, recursive: true); } catch (IOException) { }

namespace FanRewards.LoadDriver
{
    /// <param name="CpuPerCall">This process's CPU time (driver and DevHost; Azurite runs apart) per call of the phase.</param>
    /// <param name="StorageCpuPerCall">Azurite's CPU time (one Node thread, apart from this process) per call of the phase.</param>
    /// <param name="AllocatedPerCall">
    /// Bytes this process allocated per call in the measured window (all threads: driver, DevHost, Table SDK): unlike
    /// time, a figure that other work on the machine does not move.
    /// </param>
    internal sealed record PhaseResult(string Name, double Throughput, TimeSpan P50, TimeSpan P99, long Errors, TimeSpan CpuPerCall,
        TimeSpan StorageCpuPerCall, long AllocatedPerCall);

    internal static class Phase
    {
        /// <summary>How long the JIT must have compiled nothing new before the clock starts.</summary>
        private static readonly TimeSpan JitQuiet = TimeSpan.FromMilliseconds(500);

        /// <summary>The longest the warm-up waits for the JIT to go quiet (a loaded machine tiers slowly); 2 + 15 + 8 s at
        /// 2,000 calls/s stays inside the 60,000 tokens signed before the clock starts.</summary>
        private static readonly TimeSpan MaxWarmupWait = TimeSpan.FromSeconds(15);

        /// <summary>The DevHost's table requests, when the host was built with <see cref="CountedTables"/>.</summary>
        private static readonly StorageRequests Requests = new();

        public static TableServiceClient CountedTables(string connectionString) => Requests.CountedTables(connectionString);

        /// <summary>Azurite's process, whose CPU each phase reports beside this process's (0: not measured).</summary>
        public static int StorageProcessId { get; set; }

        /// <summary>
        /// Runs <paramref name="operation"/> from <paramref name="concurrency"/> workers, each call with a fresh
        /// sequence number. The clock starts after <paramref name="warmup"/> and once the JIT has compiled nothing new
        /// for <see cref="JitQuiet"/> (tier-1 recompilation of the hot path goes on in the background after the first
        /// calls: a one-time cost the phase that happens to run first would otherwise pay inside its clock). Only calls
        /// that start after the clock starts and end before the deadline are measured; the CPU per call is this
        /// process's CPU during the measured window divided by the calls started in it.
        /// </summary>
        public static async Task<PhaseResult> RunAsync(string name, int concurrency, TimeSpan warmup, TimeSpan duration,
            Func<long, Task<bool>> operation)
        {
            long sequence = 0, errors = 0, startedInWindow = 0;
            var clock = Stopwatch.StartNew();
            var window = new MeasuredWindow();
            var latencies = new List<double>[concurrency];
            var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
            {
                var mine = latencies[w] = new List<double>(100_000);
                while (!window.IsOver(clock.Elapsed))
                {
                    var started = clock.Elapsed;
                    var measured = window.Contains(started);
                    if (measured) Interlocked.Increment(ref startedInWindow);
                    bool ok;
                    try { ok = await operation(Interlocked.Increment(ref sequence)); }
                    catch (Exception) { ok = false; }
                    var ended = clock.Elapsed;
                    if (!measured || !window.Contains(ended)) continue;
                    if (ok) mine.Add((ended - started).TotalMilliseconds);
                    else Interlocked.Increment(ref errors);
                }
            })).ToArray();

            await Task.Delay(warmup);
            var warmedAt = clock.Elapsed;
            await WaitForQuietJitAsync();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var storageCpuBefore = StorageCpu();
            var requestsBefore = Requests.Snapshot();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            window.Start(clock.Elapsed, duration);
            Console.WriteLine($"  {name}: clock started");
            await Task.WhenAll(workers);
            var calls = Math.Max(1, Interlocked.Read(ref startedInWindow));
            var cpuPerCall = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore) / calls;
            var storageCpuPerCall = (StorageCpu() - storageCpuBefore) / calls;
            var requestsPerCall = StorageRequests.PerCall(requestsBefore, Requests.Snapshot(), calls);
            var allocatedPerCall = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / calls;
            var all = latencies.SelectMany(l => l).Order().ToArray();
            Console.WriteLine($"  {name}: {all.Length} ok, {errors} errors (clock started {window.From.TotalSeconds:0.0} s in, "
                + $"{(window.From - warmedAt).TotalSeconds:0.0} s of it waiting for the JIT)");
            if (requestsPerCall.Length > 0) Console.WriteLine($"  {name}: the DevHost's storage requests per call: {requestsPerCall}");
            return new PhaseResult(name, all.Length / duration.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99), errors, cpuPerCall, storageCpuPerCall, allocatedPerCall);
        }

        private static TimeSpan StorageCpu()
        {
            if (StorageProcessId == 0) return TimeSpan.Zero;
            using var process = Process.GetProcessById(StorageProcessId);
            return process.TotalProcessorTime;
        }

        /// <summary>Polls the JIT's count of compiled methods until it stays put for <see cref="JitQuiet"/>, or the deadline.</summary>
        private static async Task WaitForQuietJitAsync()
        {
            var deadline = Stopwatch.StartNew();
            var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            var quietSince = Stopwatch.StartNew();
            while (quietSince.Elapsed < JitQuiet && deadline.Elapsed < MaxWarmupWait)
            {
                await Task.Delay(JitQuiet / 5);
                var now = System.Runtime.JitInfo.GetCompiledMethodCount();
                if (now != compiled) (compiled, quietSince) = (now, Stopwatch.StartNew());
            }
        }

        private static TimeSpan Percentile(double[] sorted, double p) =>
            sorted.Length == 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(sorted[(int)Math.Min(sorted.Length - 1, p * sorted.Length)]);

        /// <summary>The measured stretch of a phase: unknown (warming up) until started, then [from, from + duration].</summary>
        private sealed class MeasuredWindow
        {
            private long _fromTicks = long.MaxValue, _toTicks = long.MaxValue;

            public TimeSpan From => TimeSpan.FromTicks(Volatile.Read(ref _fromTicks));

            public void Start(TimeSpan from, TimeSpan duration)
            {
                Volatile.Write(ref _toTicks, (from + duration).Ticks);
                Volatile.Write(ref _fromTicks, from.Ticks);
            }

            public bool Contains(TimeSpan at) => at.Ticks >= Volatile.Read(ref _fromTicks) && at.Ticks <= Volatile.Read(ref _toTicks);

            public bool IsOver(TimeSpan at) => at.Ticks > Volatile.Read(ref _toTicks);
        }
    }

    /// <summary>Signs entrant tokens the way the organisation's identity platform would, with the key the DevHost trusts.</summary>
    internal sealed class TokenMint(SymmetricSecurityKey key)
    {
        private readonly JsonWebTokenHandler _handler = new();
        private readonly SigningCredentials _credentials = new(key, SecurityAlgorithms.HmacSha256);

        public TokenPool Pool(string prefix, int size) =>
            new(Enumerable.Range(0, size).AsParallel().AsOrdered().Select(i => For($"{prefix}-{i}")).ToArray(), i => For($"{prefix}-{i}"));

        public string For(string entrantId) => _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "bench",
            Audience = "fanrewards",
            Subject = new ClaimsIdentity([new Claim("sub", entrantId)]),
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = _credentials,
        });
    }

    /// <summary>One token per distinct entrant; past the pre-signed ones, more are signed on the fly.</summary>
    internal sealed class TokenPool(string[] signed, Func<long, string> sign)
    {
        public string Take(long sequence) => sequence < signed.Length ? signed[sequence] : sign(sequence);
    }

    /// <summary>The raw phase's keys: like an entry's (a pseudonym, its bucket) or a counter (earlier figures).</summary>
    internal static class RawKeys
    {
        public static (string Partition, string Pseudonym) Of(string shape, long i)
        {
            if (shape == "sequential") return ($"bench:{i % 16:D3}", $"raw-{i}");
            var pseudonym = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)));
            return ($"bench:{Convert.ToInt32(pseudonym[..2], 16) % 16:D3}", pseudonym);
        }
    }

    internal static class BenchCampaign
    {
        public const string Id = "bench";

        public static async Task CreateAsync(HttpClient http)
        {
            await AdminCalls.SendAsync(http, HttpMethod.Post, "api/manage/campaigns", new
            {
                id = Id,
                title = "压测活动",
                fourEyes = false,
                schedule = AdminCalls.OpenForTwoHours(DateTimeOffset.UtcNow),
                organiser = AdminCalls.Organiser,
                rules = AdminCalls.Rules("抽奖", "递补"),
                activities = new object[]
                {
                    new { id = "riddles", kind = "riddle", title = "猜灯谜", award = new { mode = "draw" } },
                    new { id = "likes", kind = "like", title = "点赞", award = new { mode = "firstCome", prizeIds = new[] { "ticket" }, count = 10 } },
                },
            });
            await AdminCalls.PutRiddleAsync(http, Id);
            await AdminCalls.PutLikeCandidatesAsync(http, Id);
            await AdminCalls.SendAsync(http, HttpMethod.Put, $"api/manage/campaigns/{Id}/prizes", new object[]
            {
                new { id = "pass", name = "旅游年卡", kind = "physical", valueYuan = 120, count = 10 },
                new { id = "ticket", name = "电影票", kind = "voucher", valueYuan = 40, count = 10 },
            });
            await AdminCalls.PublishAsync(http, Id);
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Core;
using Azure.Data.Tables;
using FanRewards.Testing;

namespace FanRewards.LoadDriver;

/// <summary>
/// <c>--mode reads</c>: likes through the DevHost alone, then the same likes while 500 readers refresh a drawn
/// campaign's /winners and /proof and the open campaign's page, in one run. Prints the entry throughput of both
/// phases and the storage reads the DevHost made per table during the second, counted by a pipeline policy on its
/// table client: the pages should cost a point read per max-age, not a read per request.
/// </summary>
internal static class ReadsBench
{
    private const string Drawn = "reads-bench";

    /// <summary>Counts the DevHost's table requests, reads (GET) per table; registered before the app's own client.</summary>
    public static StorageReads Reads { get; } = new();

    public static TableServiceClient CountedTables(string connectionString) => Reads.CountedTables(connectionString);

    public static async Task RunAsync(HttpClient http, Uri baseAddress, TokenPool likeTokens, TokenPool answerTokens, int concurrency,
        TimeSpan warmup, TimeSpan duration, int readers, TimeSpan readerInterval, TimeSpan readersAlone)
    {
        Console.WriteLine($"Reads benchmark: likes at concurrency {concurrency}; {readers} readers each refreshing every " +
                          $"{readerInterval.TotalMilliseconds:0} ms with If-None-Match; {duration.TotalSeconds:0} s per phase, {Environment.ProcessorCount} cores");
        await DrawnCampaignAsync(http, answerTokens);

        var likesAlone = await Phase.RunAsync("HTTP like alone", concurrency, warmup, duration, i => LikeAsync(http, likeTokens, i));

        using var readerHttp = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = readers }) { BaseAddress = baseAddress };
        var paths = new[] { $"api/campaigns/{Drawn}/winners", $"api/campaigns/{Drawn}/draws/main/proof", $"api/campaigns/{BenchCampaign.Id}" };

        // Readers alone first: this process's CPU per page served (the DevHost and the readers' own HTTP client; Azurite
        // runs apart), which is what the readers take from the likes and which a loaded machine does not distort much.
        var alone = await ReaderSwarm.MeasureAloneAsync(readerHttp, paths, readers, readerInterval, warmup, readersAlone);

        var outcomes = new ConcurrentDictionary<string, long>();
        using var stop = new CancellationTokenSource();
        Reads.Reset();
        var reading = Stopwatch.StartNew();
        var readerTasks = ReaderSwarm.Start(readerHttp, paths, readers, readerInterval, outcomes, stop.Token);
        var likesWithReaders = await Phase.RunAsync($"HTTP like with {readers} readers", concurrency, warmup, duration, i => LikeAsync(http, likeTokens, i));
        stop.Cancel();
        await Task.WhenAll(readerTasks);
        reading.Stop();

        var served = outcomes.Where(o => o.Key is "200" or "304").Sum(o => o.Value);
        Console.WriteLine();
        Console.WriteLine($"{"phase",-32} {"ok/s",9} {"p50 ms",8} {"p99 ms",8} {"errors",7}");
        foreach (var p in new[] { likesAlone, likesWithReaders })
            Console.WriteLine($"{p.Name,-32} {p.Throughput,9:0} {p.P50.TotalMilliseconds,8:0.0} {p.P99.TotalMilliseconds,8:0.0} {p.Errors,7}");
        Console.WriteLine($"readers: {served} pages in {reading.Elapsed.TotalSeconds:0.0} s ({served / reading.Elapsed.TotalSeconds:0}/s): " +
                          string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} × {o.Value}")));
        Console.WriteLine($"storage reads by the DevHost meanwhile: {string.Join(", ", Reads.ByTable.OrderBy(t => t.Key).Select(t => $"{t.Key} {t.Value}"))}");
        Console.WriteLine($"  of which name the drawn campaign ({Drawn}): " +
                          string.Join(", ", Reads.NamingDrawn.OrderBy(t => t.Key).Select(t => $"{t.Key} {t.Value}")) +
                          $" = {Reads.NamingDrawn.Values.Sum()} reads for {outcomes.Sum(o => o.Value) * 2 / 3} winners and proof requests");
        Console.WriteLine($"readers alone: {alone.Pages} pages in {alone.Seconds:0.0} s ({alone.Pages / alone.Seconds:0}/s, {alone.NotModified} of them 304), " +
                          $"CPU {alone.CpuPerPage.TotalMicroseconds:0} us per page (this process, {Environment.ProcessorCount} cores)");
        Console.WriteLine($"likes alone: CPU {likesAlone.CpuPerCall.TotalMicroseconds:0} us per like; with readers: {likesWithReaders.CpuPerCall.TotalMicroseconds:0} us per like (readers' CPU included)");
        Console.WriteLine($"ratio likes with readers / alone = {likesWithReaders.Throughput / likesAlone.Throughput:0.00}  (goal >= 0.80)");
    }

    private static async Task<bool> LikeAsync(HttpClient http, TokenPool tokens, long i)
    {
        using var request = EntrantRequests.Like(BenchCampaign.Id, $"c{i % 10}", tokens.Take(i));
        using var response = await http.SendAsync(request);
        return response.IsSuccessStatusCode;
    }

    /// <summary>A riddle campaign answered by 200 entrants and drawn (20 winners, 20 alternates), so its pages are the real thing.</summary>
    private static async Task DrawnCampaignAsync(HttpClient http, TokenPool tokens)
    {
        var closes = DateTimeOffset.UtcNow.AddSeconds(20);
        await AdminCalls.SendAsync(http, HttpMethod.Post, "api/manage/campaigns", new
        {
            id = Drawn, title = "读取压测", fourEyes = false,
            schedule = new
            {
                opensAt = AdminCalls.Local(closes.AddMinutes(-10)), closesAt = AdminCalls.Local(closes),
                draws = new[] { new { id = "main", at = AdminCalls.Local(closes.AddSeconds(1)), prizeIds = new[] { "pass" }, alternates = 20 } },
                claimDeadline = AdminCalls.Local(closes.AddDays(14)),
            },
            organiser = AdminCalls.Organiser,
            rules = AdminCalls.Rules("抽奖", "递补"),
            activities = new[] { new { id = "riddles", kind = "riddle", title = "猜灯谜", award = new { mode = "draw" } } },
        });
        await AdminCalls.PutRiddleAsync(http, Drawn);
        await AdminCalls.SendAsync(http, HttpMethod.Put, $"api/manage/campaigns/{Drawn}/prizes",
            new[] { new { id = "pass", name = "旅游年卡", kind = "physical", valueYuan = 120, count = 20 } });
        await AdminCalls.PublishAsync(http, Drawn);
        // On a loaded machine the campaign may close before all 200 are in: those are refused (409) and the draw
        // runs over the ones accepted, which is all the pages need.
        var accepted = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            using var request = EntrantRequests.Answer(Drawn, tokens.Take(100_000 + i));
            using var response = await http.SendAsync(request, ct);
            if (response.StatusCode == HttpStatusCode.Conflict && DateTimeOffset.UtcNow >= closes) return;
            response.EnsureSuccessStatusCode();
            Interlocked.Increment(ref accepted);
        });

        while (DateTimeOffset.UtcNow < closes.AddSeconds(1)) await Task.Delay(200);
        using (var run = await http.PostAsync($"api/manage/campaigns/{Drawn}/draws/main/run", null))
        {
            if (!run.IsSuccessStatusCode && run.StatusCode != HttpStatusCode.Conflict)
                throw new InvalidOperationException(await run.Content.ReadAsStringAsync());
        }

        var deadline = Stopwatch.StartNew();
        while ((await http.GetFromJsonAsync<JsonElement>($"api/campaigns/{Drawn}/draws/main/proof")).GetProperty("state").GetString() != "drawn")
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException("The reads benchmark's draw did not finish in 2 minutes.");
            await Task.Delay(200);
        }
        Console.WriteLine($"  {Drawn}: {accepted} entrants, drawn");
    }

    /// <summary>GET requests per table, from the request path (/account/Table(...) or /account/Table()).</summary>
    internal sealed class StorageReads : CountingPolicy
    {
        private readonly ConcurrentDictionary<string, long> _byTable = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, long> _namingDrawn = new(StringComparer.Ordinal);

        public IReadOnlyDictionary<string, long> ByTable => _byTable;

        /// <summary>Reads whose key or filter names the drawn campaign: what its public pages cost.</summary>
        public IReadOnlyDictionary<string, long> NamingDrawn => _namingDrawn;

        public void Reset()
        {
            _byTable.Clear();
            _namingDrawn.Clear();
        }

        protected override void Count(HttpMessage message)
        {
            if (message.Request.Method != RequestMethod.Get) return;
            var table = TableRequestText.TableOfPath(message.Request.Uri.Path);
            _byTable.AddOrUpdate(table, 1, (_, n) => n + 1);
            if (Uri.UnescapeDataString(message.Request.Uri.ToString()).Contains(Drawn, StringComparison.Ordinal))
                _namingDrawn.AddOrUpdate(table, 1, (_, n) => n + 1);
        }
    }
}

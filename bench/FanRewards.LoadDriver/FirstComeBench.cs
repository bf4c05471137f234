using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Core.Diagnostics;
using Azure.Data.Tables;

namespace FanRewards.LoadDriver;

/// <summary>
/// First come at burst scale, in one run: N distinct followers like a candidate of an activity with no prize (plain
/// likes), then N others like one of an activity whose first 500 likers win a movie ticket (a voucher prize, codes
/// uploaded through the admin API), then N more arrive after the sell-out. Each phase is a whole burst at the same
/// concurrency; its throughput is requests over the burst's wall time. The DevHost's table requests are counted from
/// the Azure SDK's own request log (the "Azure-Core" event source), so nothing in the app is changed to measure it.
/// </summary>
internal static class FirstComeBench
{
    private const string Campaign = "firstcome-bench";

    public static async Task RunAsync(HttpClient http, Uri tableEndpoint, string connectionString, TokenMint tokens, int followers, int concurrency,
        int units)
    {
        Console.WriteLine($"First come benchmark: {followers} distinct followers per phase at concurrency {concurrency}, {units} voucher units, " +
                          $"{Environment.ProcessorCount} cores");
        await CreateCampaignAsync(http, units);
        var codes = Enumerable.Range(1, units).Select(i => $"MOVIE-{i:D6}").ToArray();
        using (var upload = await http.PostAsync($"api/manage/campaigns/{Campaign}/prizes/ticket/vouchers",
                   new StringContent(string.Join('\n', codes), Encoding.UTF8, "text/plain")))
        {
            if (!upload.IsSuccessStatusCode) throw new InvalidOperationException(await upload.Content.ReadAsStringAsync());
        }

        var plainTokens = tokens.Pool("plain", followers);
        var racerTokens = tokens.Pool("racer", followers);
        var lateTokens = tokens.Pool("late", followers);
        using var requests = new TableRequestLog(tableEndpoint);

        // Warm-up (JIT, connections, caches) on other followers, so that the first phase does not pay for it.
        var warmTokens = tokens.Pool("warm", 1000);
        await BurstAsync("warm-up", 1000, concurrency, requests, async i =>
        {
            await LikeAsync(http, "p", i, warmTokens);
            return true;
        });
        var plain = await BurstAsync("plain likes (no prize)", followers, concurrency, requests, async i =>
        {
            await LikeAsync(http, "p", i, plainTokens);
            return true;
        });
        var won = new ConcurrentBag<string>();
        var burst = await BurstAsync($"first come, {units} tickets", followers, concurrency, requests, async i =>
        {
            var prize = await LikeAsync(http, "t", i, racerTokens);
            if (prize?.GetProperty("voucherCode").GetString() is { } code) won.Add(code);
            else if (prize is not null) won.Add("(no code)");
            return true;
        });
        var wonLate = 0;
        var late = await BurstAsync("after the sell-out", followers, concurrency, requests, async i =>
        {
            if (await LikeAsync(http, "t", i, lateTokens) is not null) Interlocked.Increment(ref wonLate);
            return true;
        });

        var (awards, distinctCodes) = await CountAwardsAsync(connectionString);
        var summary = await http.GetFromJsonAsync<JsonElement>($"api/manage/campaigns/{Campaign}/prizes/ticket/vouchers");

        Console.WriteLine();
        Console.WriteLine($"{"phase",-28} {"requests",8} {"s",6} {"req/s",7} {"errors",6} {"table reads",11} {"table writes",12} {"reads/req",9}");
        foreach (var p in new[] { plain, burst, late })
        {
            Console.WriteLine($"{p.Name,-28} {p.Requests,8} {p.Elapsed.TotalSeconds,6:0.00} {p.Throughput,7:0} {p.Errors,6} {p.Reads,11} {p.Writes,12} " +
                              $"{p.Reads / (double)p.Requests,9:0.000}");
        }

        Console.WriteLine();
        Console.WriteLine($"ratio first-come burst / plain likes = {burst.Throughput / plain.Throughput:0.00}  (goal >= 0.5)");
        Console.WriteLine($"winners answered: {won.Count}, distinct codes answered: {won.Distinct().Count()}, winners after the sell-out: {wonLate}");
        Console.WriteLine($"in storage: {awards} ticket awards, {distinctCodes} distinct codes on them; voucher summary: " +
                          $"{summary.GetProperty("issued").GetInt32()} issued of {summary.GetProperty("total").GetInt32()}");
        Console.WriteLine($"after the sell-out: {late.Reads / (double)late.Requests:0.000} table reads per request (goal <= 1)");
    }

    /// <summary>The follower's like; the prize it won (the response's "prize"), or null.</summary>
    private static async Task<JsonElement?> LikeAsync(HttpClient http, string candidatePrefix, long i, TokenPool tokens)
    {
        using var request = EntrantRequests.Like(Campaign, $"{candidatePrefix}{i % 10}", tokens.Take(i));
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.TryGetProperty("prize", out var prize) && prize.ValueKind == JsonValueKind.Object ? prize : null;
    }

    private sealed record Burst(string Name, int Requests, TimeSpan Elapsed, long Errors, int Reads, int Writes)
    {
        public double Throughput => Requests / Elapsed.TotalSeconds;
    }

    /// <summary>Requests 0..n-1 from <paramref name="concurrency"/> workers; the burst's time is from the first start to the last end.</summary>
    private static async Task<Burst> BurstAsync(string name, int n, int concurrency, TableRequestLog requests, Func<long, Task<bool>> operation)
    {
        requests.Reset();
        long next = -1, errors = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < n; i = Interlocked.Increment(ref next))
            {
                try
                {
                    if (!await operation(i)) Interlocked.Increment(ref errors);
                }
                catch (Exception e)
                {
                    if (Interlocked.Increment(ref errors) <= 3) Console.WriteLine($"  {name}: {e.Message}");
                }
            }
        })));
        clock.Stop();
        var (reads, writes) = requests.Counts;
        Console.WriteLine($"  {name}: {n} requests in {clock.Elapsed.TotalSeconds:0.00} s, {errors} errors");
        return new Burst(name, n, clock.Elapsed, errors, reads, writes);
    }

    private static async Task<(int Awards, int DistinctCodes)> CountAwardsAsync(string connectionString)
    {
        var awards = new TableClient(connectionString, "Awards");
        var codes = new List<string?>();
        await foreach (var row in awards.QueryAsync<TableEntity>(TableClient.CreateQueryFilter(
                           $"PartitionKey eq {Campaign} and RowKey ge {"award:"} and RowKey lt {"award;"} and PrizeId eq {"ticket"}")))
        {
            codes.Add(row.GetString("VoucherCode"));
        }

        return (codes.Count, codes.Where(c => c is not null).Distinct().Count());
    }

    /// <summary>
    /// Two like activities with ten candidates each: "plain" with nothing won on the spot (a draw, hours later), "tickets"
    /// first come for the units.
    /// </summary>
    private static async Task CreateCampaignAsync(HttpClient http, int units)
    {
        var now = DateTimeOffset.UtcNow;
        await AdminCalls.SendAsync(http, HttpMethod.Post, "api/manage/campaigns", new
        {
            id = Campaign, title = "电影票先到先得", fourEyes = false,
            schedule = new
            {
                opensAt = AdminCalls.Local(now.AddMinutes(-1)), closesAt = AdminCalls.Local(now.AddHours(2)),
                draws = new[] { new { id = "main", at = AdminCalls.Local(now.AddHours(3)), activityIds = new[] { "plain" }, prizeIds = new[] { "pass" } } },
                claimDeadline = AdminCalls.Local(now.AddDays(14)),
            },
            organiser = AdminCalls.Organiser,
            rules = AdminCalls.Rules("先到先得", "作废"),
            activities = new object[]
            {
                new { id = "plain", kind = "like", title = "点赞", award = new { mode = "draw" } },
                new { id = "tickets", kind = "like", title = "点赞抢票", award = new { mode = "firstCome", prizeIds = new[] { "ticket" }, count = units } },
            },
        });
        await AdminCalls.SendAsync(http, HttpMethod.Put, $"api/manage/campaigns/{Campaign}/candidates",
            Enumerable.Range(0, 10).SelectMany(i => new[]
            {
                new { id = $"p{i}", activityId = "plain", name = $"劳模{i}" },
                new { id = $"t{i}", activityId = "tickets", name = $"影片{i}" },
            }).ToArray());
        await AdminCalls.SendAsync(http, HttpMethod.Put, $"api/manage/campaigns/{Campaign}/prizes",
            new[]
            {
                new { id = "ticket", name = "电影票", kind = "voucher", valueYuan = 40, count = units },
                new { id = "pass", name = "旅游年卡", kind = "physical", valueYuan = 120, count = 10 },
            });
        await AdminCalls.PublishAsync(http, Campaign);
    }

    /// <summary>
    /// Every request the process's Azure SDK clients send to the table endpoint, from the SDK's own request log: GETs are
    /// reads, the rest writes (a batch transaction is one). It sees the whole DevHost, timers included, so it is an
    /// upper bound on what the requests under test cost.
    /// </summary>
    private sealed class TableRequestLog : IDisposable
    {
        private readonly AzureEventSourceListener _listener;
        private int _reads, _writes;

        public TableRequestLog(Uri tableEndpoint)
        {
            var prefix = tableEndpoint.GetLeftPart(UriPartial.Authority);
            _listener = new AzureEventSourceListener((e, _) =>
            {
                // AzureCoreEventSource "Request": requestId, method, uri, headers, clientAssembly.
                if (e.EventSource.Name != "Azure-Core" || e.EventName != "Request" || e.Payload is not { Count: >= 3 } payload) return;
                if (payload[2] is not string uri || !uri.StartsWith(prefix, StringComparison.Ordinal)) return;
                if (payload[1] is "GET") Interlocked.Increment(ref _reads);
                else Interlocked.Increment(ref _writes);
            }, EventLevel.Informational);
        }

        public (int Reads, int Writes) Counts => (Volatile.Read(ref _reads), Volatile.Read(ref _writes));

        public void Reset() => (_reads, _writes) = (0, 0);

        public void Dispose() => _listener.Dispose();
    }
}

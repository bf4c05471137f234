using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using FanRewards.Core.Entries;

namespace FanRewards.LoadDriver;

/// <summary>
/// A draw over N entries through the DevHost (queues, shards, merge) against a raw parallel scan of the same entries
/// in the same Azurite, in the same run; and the draw's peak managed memory, sampled while it runs.
/// </summary>
internal static class DrawBench
{
    private const int Buckets = 16;

    public static async Task RunAsync(HttpClient http, string connectionString, int entries)
    {
        var campaign = $"draw-bench-{entries}";
        Console.WriteLine($"Draw benchmark: {entries} eligible entries, {Buckets} shards, {Environment.ProcessorCount} cores");
        var closes = await CreateCampaignAsync(http, campaign);
        var table = new TableClient(connectionString, "Entries");
        var seeding = Stopwatch.StartNew();
        await SeedEntriesAsync(table, campaign, entries, closes.AddSeconds(-30));
        Console.WriteLine($"  seeded {entries} entries in {seeding.Elapsed.TotalSeconds:0.0} s");

        var raw = Stopwatch.StartNew();
        var scanned = await Task.WhenAll(Enumerable.Range(0, Buckets).Select(async bucket =>
        {
            var count = 0;
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {$"{campaign}:{bucket:D3}"}");
            await foreach (var _ in table.QueryAsync<TableEntity>(filter)) count++;
            return count;
        }));
        raw.Stop();
        Console.WriteLine($"  raw parallel scan: {scanned.Sum()} rows in {raw.Elapsed.TotalSeconds:0.00} s");

        while (DateTimeOffset.UtcNow < closes) await Task.Delay(200);
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = baseline;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                await Task.Delay(20);
            }
        });

        var draw = Stopwatch.StartNew();
        using (var run = await http.PostAsync($"api/manage/campaigns/{campaign}/draws/main/run", null))
            if (!run.IsSuccessStatusCode) throw new InvalidOperationException(await run.Content.ReadAsStringAsync());
        JsonElement proof;
        do
        {
            await Task.Delay(100);
            proof = await http.GetFromJsonAsync<JsonElement>($"api/campaigns/{campaign}/draws/main/proof");
        } while (proof.GetProperty("state").GetString() != "drawn");
        draw.Stop();
        sampling.Cancel();
        await sampler;

        Console.WriteLine($"  draw through the DevHost: {proof.GetProperty("entryCount").GetInt64()} entries in {draw.Elapsed.TotalSeconds:0.00} s");
        Console.WriteLine($"  ratio draw/raw scan = {draw.Elapsed.TotalSeconds / raw.Elapsed.TotalSeconds:0.00}  (goal <= 1.5)");
        Console.WriteLine($"  peak managed heap during the draw: {(peak - baseline) / 1024.0 / 1024.0:0.0} MiB above the {baseline / 1024.0 / 1024.0:0.0} MiB before it");
        var (started, completed) = await ShardScans.ReadAsync(http, campaign);
        Console.WriteLine($"  shard scans: {started} started, {completed} completed, {Buckets} shards (equal when none ran twice)");
    }

    /// <summary>A riddle campaign with one draw: 200 winners and 200 alternates (k + m = 400), closing in 40 s.</summary>
    private static async Task<DateTimeOffset> CreateCampaignAsync(HttpClient http, string campaign)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        string Local(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, zone).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var closes = DateTimeOffset.UtcNow.AddSeconds(40);
        await Send(http, HttpMethod.Post, "api/manage/campaigns", new
        {
            id = campaign, title = "抽奖压测",
            schedule = new
            {
                opensAt = Local(closes.AddMinutes(-10)), closesAt = Local(closes),
                draws = new[] { new { id = "main", at = Local(closes.AddSeconds(1)), prizeIds = new[] { "pass" }, alternates = 200 } },
                claimDeadline = Local(closes.AddDays(14)),
            },
            organiser = new { name = "压测", contact = "bench@example.org" },
            rules = new { entryConditions = "任何人", awardMethod = "抽奖", claimInstructions = "填写", forfeiture = "递补" },
            activities = new[] { new { id = "riddles", kind = "riddle", title = "猜灯谜", award = new { mode = "draw", weighting = "correctAnswers" } } },
        });
        await Send(http, HttpMethod.Put, $"api/manage/campaigns/{campaign}/riddles",
            new[] { new { id = "r1", activityId = "riddles", question = "一口咬掉牛尾巴", answers = new[] { "告" } } });
        await Send(http, HttpMethod.Put, $"api/manage/campaigns/{campaign}/prizes",
            new[] { new { id = "pass", name = "旅游年卡", kind = "physical", valueYuan = 120, count = 200 } });
        await Send(http, HttpMethod.Post, $"api/manage/campaigns/{campaign}/publish", null);
        return closes;
    }

    /// <summary>Riddle entries as the entry path writes them, straight into their bucket partitions, 100 per transaction.</summary>
    private static async Task SeedEntriesAsync(TableClient table, string campaign, int count, DateTimeOffset acceptedAt)
    {
        var rows = Enumerable.Range(0, count).Select(i =>
        {
            var entrant = $"bench-{i:D7}";
            var pseudonym = Pseudonym.Of(campaign, entrant);
            return new TableEntity($"{campaign}:{Pseudonym.BucketOf(pseudonym, Buckets):D3}", $"riddles:{pseudonym}")
            {
                ["ActivityId"] = "riddles", ["Kind"] = "riddle", ["EntrantId"] = entrant, ["Pseudonym"] = pseudonym,
                ["AcceptedAt"] = acceptedAt, ["Weight"] = 1 + i % 5, ["Value"] = (long)(1 + i % 5), ["Progress"] = "r1=1+",
            };
        });
        var batches = rows.GroupBy(r => r.PartitionKey).SelectMany(g => g.Chunk(100)).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (batch, ct) =>
            await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), ct));
    }

    private static async Task Send(HttpClient http, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}

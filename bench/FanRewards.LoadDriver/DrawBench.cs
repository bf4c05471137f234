using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Azure;
using Azure.Data.Tables;
using FanRewards.Azurite;
using FanRewards.Core.Draws;
using FanRewards.Core.Entries;
using FanRewards.Core.Fairness;
using Microsoft.Extensions.Configuration;

namespace FanRewards.LoadDriver;

/// <summary>
/// A draw over N entries through a DevHost child process (queues, shards, merge) against a raw parallel scan of the
/// same entries in the same Azurite, in the same run; the host's peak managed heap while the draw runs; the shard runs
/// it counted; and its result checked against the same draw computed here from the entries seeded and the revealed
/// seed. With <c>--kill-after-seconds</c> or <c>--kill-after-shards</c> the host is killed mid-draw and another
/// started on the same Azurite, and the result must still be that one.
/// </summary>
internal static class DrawBench
{
    private const int Buckets = 16;
    private const string MeasuredDraw = "main";
    private const string KilledDraw = "again";
    private const int Winners = 200;
    private const int Alternates = 200;

    public static async Task RunAsync(IConfiguration options, string root)
    {
        var sizes = (options["entries"] ?? "25000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var launch = new AzuriteLaunchOptions
        {
            // On disk, Azurite's LokiJS rewrites its whole table database every 5 s: see bench/README.md.
            InMemoryPersistence = (options["azurite"] ?? "memory") == "memory",
            NodeHeapMegabytes = options["node-heap"] is { } heap ? int.Parse(heap, CultureInfo.InvariantCulture) : 8192,
        };
        var kill = new KillPlan(
            options["kill-after-seconds"] is { } s ? TimeSpan.FromSeconds(double.Parse(s, CultureInfo.InvariantCulture)) : null,
            options["kill-after-shards"] is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : null);
        var seedConcurrency = int.Parse(options["seed-concurrency"] ?? "8", CultureInfo.InvariantCulture);
        // --probe-only: seed, time a page, stop (a million-entry scan on Azurite takes long: bench/README.md).
        var probeOnly = options["probe-only"] == "true";
        var scanDraw = options["scan-with-draw-filter"] == "true";
        var timeout = TimeSpan.FromMinutes(double.Parse(options["draw-timeout-minutes"] ?? "60", CultureInfo.InvariantCulture));

        var location = Path.Combine(Path.GetTempPath(), "fanrewards-drawbench-" + Guid.NewGuid().ToString("N"));
        var azurite = await AzuriteServer.StartAsync(location, repositoryRoot: root, launch: launch);
        Console.WriteLine($"Draw benchmark: {string.Join(", ", sizes)} entries, {Buckets} shards, {Environment.ProcessorCount} cores; " +
                          $"Azurite {(launch.InMemoryPersistence ? "--inMemoryPersistence" : "on disk")}, Node heap {launch.NodeHeapMegabytes} MiB" +
                          (kill.Planned ? $"; the host is killed {kill}" : ""));
        try
        {
            foreach (var size in sizes) await RunOneAsync(azurite, size, seedConcurrency, kill, timeout, probeOnly, scanDraw);
        }
        finally
        {
            await azurite.DisposeAsync();
            try { Directory.Delete(location, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task RunOneAsync(AzuriteServer azurite, int entries, int seedConcurrency, KillPlan kill, TimeSpan timeout,
        bool probeOnly, bool scanDraw)
    {
        var campaign = $"draw-bench-{entries}-{Guid.NewGuid().ToString("N")[..6]}";
        var host = await DrawHost.StartAsync(azurite.ConnectionString);
        try
        {
            // The campaign stays open until the seeding is done and the organiser closes it: no scheduled draw can
            // start while entries are still being written.
            var opened = await CreateCampaignAsync(host.Http, campaign);
            var key = await PseudonymKeyAsync(azurite.ConnectionString, campaign);
            var table = new TableClient(azurite.ConnectionString, "Entries");
            var seeding = Stopwatch.StartNew();
            await SeedEntriesAsync(table, campaign, key, entries, opened, seedConcurrency);
            seeding.Stop();
            Console.WriteLine($"  [{entries}] seeded in {seeding.Elapsed.TotalSeconds:0.0} s ({entries / seeding.Elapsed.TotalSeconds:0} entries/s)");

            // What one page of 1,000 costs at this table size, with the raw scan's filter and with the draw's (which
            // adds the activity's row-key range): on Azurite it grows with the table, not with the page.
            Console.WriteLine($"  [{entries}] one page of 1,000 rows: {await PageMillisecondsAsync(table, RawFilter(campaign, 0)):0} ms with the raw " +
                              $"filter, {await PageMillisecondsAsync(table, DrawFilter(campaign, 0)):0} ms with the draw's");
            if (probeOnly) return;

            var (azuriteCpu, driverCpu) = (Cpu(azurite.ProcessId), Cpu(Environment.ProcessId));
            var raw = Stopwatch.StartNew();
            var scanned = await Task.WhenAll(Enumerable.Range(0, Buckets).Select(async bucket =>
            {
                var count = 0;
                await foreach (var _ in table.QueryAsync<TableEntity>(RawFilter(campaign, bucket))) count++;
                return count;
            }));
            raw.Stop();
            (azuriteCpu, driverCpu) = (Cpu(azurite.ProcessId) - azuriteCpu, Cpu(Environment.ProcessId) - driverCpu);
            Console.WriteLine($"  [{entries}] raw parallel scan: {scanned.Sum()} rows in {raw.Elapsed.TotalSeconds:0.00} s " +
                              $"(CPU: Azurite {azuriteCpu.TotalSeconds:0.0} s, driver {driverCpu.TotalSeconds:0.0} s)");
            if (scanDraw)
            {
                // The same scan with the filter the draw's shards use: tells the storage's share of the draw's scan.
                var filtered = Stopwatch.StartNew();
                var rows = await Task.WhenAll(Enumerable.Range(0, Buckets).Select(async bucket =>
                {
                    var count = 0;
                    await foreach (var _ in table.QueryAsync<TableEntity>(DrawFilter(campaign, bucket))) count++;
                    return count;
                }));
                Console.WriteLine($"  [{entries}] raw parallel scan with the draw's filter: {rows.Sum()} rows in {filtered.Elapsed.TotalSeconds:0.00} s");
            }

            await AdminCalls.SendAsync(host.Http, HttpMethod.Post, $"api/manage/campaigns/{campaign}/close", null);
            host = await RunDrawAsync(host, azurite, campaign, key, MeasuredDraw, entries, raw.Elapsed, KillPlan.None, timeout);
            // The second draw runs over the same entries (the campaign allows several wins), so the crash costs no
            // second seeding; it is checked against the same computation with its own seed.
            if (kill.Planned) host = await RunDrawAsync(host, azurite, campaign, key, KilledDraw, entries, raw.Elapsed, kill, timeout);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    private static TimeSpan Cpu(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return process.TotalProcessorTime;
        }
        catch (ArgumentException)
        {
            return TimeSpan.Zero; // gone
        }
    }

    private static string RawFilter(string campaign, int bucket) => TableClient.CreateQueryFilter($"PartitionKey eq {$"{campaign}:{bucket:D3}"}");

    /// <summary>What <c>TableEntryStore.ScanBucketAsync</c> asks for: one activity's rows of the partition.</summary>
    private static string DrawFilter(string campaign, int bucket) => TableClient.CreateQueryFilter(
        $"PartitionKey eq {$"{campaign}:{bucket:D3}"} and RowKey ge {"riddles:"} and RowKey lt {"riddles;"}");

    /// <summary>The time to the first page of a query (the best of three).</summary>
    private static async Task<double> PageMillisecondsAsync(TableClient table, string filter)
    {
        var best = double.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            await foreach (var _ in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000).AsPages()) break;
            best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
        }
        return best;
    }

    /// <summary>Runs one draw (the admin run endpoint) and reports its time, phases, shard runs, heap and result.</summary>
    private static async Task<DrawHost> RunDrawAsync(DrawHost host, AzuriteServer azurite, string campaign, byte[]? key, string drawId, int entries, TimeSpan raw,
        KillPlan kill, TimeSpan timeout)
    {
        var label = $"[{entries} {drawId}]";
        var baseline = await host.TakeBaselineAsync();
        var storage = azurite.ConnectionString;
        var (azuriteCpu, hostCpu) = (Cpu(azurite.ProcessId), Cpu(host.ProcessId));
        var draw = Stopwatch.StartNew();
        await AdminCalls.SendAsync(host.Http, HttpMethod.Post, $"api/manage/campaigns/{campaign}/draws/{drawId}/run", null);
        var (phases, shardRuns, finalHost, peak) = await WatchDrawAsync(host, storage, campaign, drawId, draw, kill, timeout);
        draw.Stop();
        azuriteCpu = Cpu(azurite.ProcessId) - azuriteCpu;
        // After a kill only the second host's time is known.
        hostCpu = finalHost.ProcessId == host.ProcessId ? Cpu(host.ProcessId) - hostCpu : Cpu(finalHost.ProcessId);
        var proof = await finalHost.Http.GetFromJsonAsync<JsonElement>($"api/campaigns/{campaign}/draws/{drawId}/proof");
        Console.WriteLine($"  {label} draw through the DevHost: {proof.GetProperty("entryCount").GetInt64()} entries in " +
                          $"{draw.Elapsed.TotalSeconds:0.00} s ({phases})");
        Console.WriteLine($"  {label} CPU during the draw: Azurite {azuriteCpu.TotalSeconds:0.0} s, host {hostCpu.TotalSeconds:0.0} s");
        Console.WriteLine($"  {label} ratio draw/raw scan = {draw.Elapsed.TotalSeconds / raw.TotalSeconds:0.00}  (goal <= 1.3)");
        Console.WriteLine($"  {label} shard runs counted: {shardRuns} for {Buckets} shards");
        Console.WriteLine($"  {label} peak managed heap of the host during the draw: {(peak - baseline) / 1048576.0:0.0} MiB above the " +
                          $"{baseline / 1048576.0:0.0} MiB before it");
        var check = SameAsComputedHere(proof, campaign, key, drawId, entries);
        Console.WriteLine($"  {label} result: {check}");
        if (!check.StartsWith("identical", StringComparison.Ordinal)) Environment.ExitCode = 1;
        return finalHost;
    }

    /// <summary>
    /// Polls the admin status until drawn, noting when each phase ended (start hop, shards, entry-set digest, merge);
    /// kills and replaces the host when the plan says so. Returns the phases, the shard runs the hosts counted, the
    /// host now serving and the peak heap the hosts reported.
    /// </summary>
    private static async Task<(string Phases, string ShardRuns, DrawHost Host, long Peak)> WatchDrawAsync(DrawHost host, string storage,
        string campaign, string drawId, Stopwatch draw, KillPlan kill, TimeSpan timeout)
    {
        TimeSpan? running = null, shardsDone = null, digested = null;
        long runsBeforeKill = 0, peak = 0;
        // The host's counter includes earlier draws of this run.
        var (startedBefore, runsBefore) = await ShardRunsAsync(host, campaign);
        int? doneAtKill = null;
        var killed = false;
        string? killNote = null;
        // Polled from the proof (a point read or two) and the host's in-process metrics (no storage): the admin
        // status reads every shard's marker and, polled 4 times a second, cost Azurite and the host seconds of CPU.
        while (true)
        {
            await Task.Delay(250);
            JsonElement proof;
            long runs;
            try
            {
                proof = await host.Http.GetFromJsonAsync<JsonElement>($"api/campaigns/{campaign}/draws/{drawId}/proof");
                runs = (await ShardRunsAsync(host, campaign)).Completed - runsBefore;
            }
            catch (HttpRequestException) when (killed)
            {
                continue;
            }
            var state = proof.GetProperty("state").GetString();
            if (state != "scheduled") running ??= draw.Elapsed;
            if (runs + (doneAtKill ?? 0) >= Buckets) shardsDone ??= draw.Elapsed;
            if (proof.TryGetProperty("entrySetDigest", out var digest) && digest.ValueKind == JsonValueKind.String) digested ??= draw.Elapsed;
            if (state == "drawn") break;
            if (draw.Elapsed > timeout)
            {
                Console.WriteLine($"    GAVE UP: not drawn after {timeout.TotalMinutes:0} min; {runs + runsBeforeKill} shard runs counted");
                break;
            }
            if (!killed && kill.Planned && kill.Due(draw.Elapsed, runs))
            {
                peak = Math.Max(peak, host.PeakSinceBaseline);
                runsBeforeKill = runs;
                await host.KillAsync();
                await host.DisposeAsync();
                killNote = $"killed at {draw.Elapsed.TotalSeconds:0.0} s after {runs} shard runs";
                Console.WriteLine($"    {killNote}; starting another host");
                host = await DrawHost.StartAsync(storage);
                // What the dead host finished, from storage: its own counter died with it.
                doneAtKill = (await host.Http.GetFromJsonAsync<JsonElement>($"api/manage/campaigns/{campaign}/draws")).EnumerateArray()
                    .First(d => d.GetProperty("drawId").GetString() == drawId).GetProperty("shardsDone").GetInt32();
                await host.TakeBaselineAsync();
                (startedBefore, runsBefore) = (0, 0);
                killed = true;
            }
        }
        var (startedAfter, completedAfter) = await ShardRunsAsync(host, campaign);
        var after = $"{startedAfter - startedBefore} started, {completedAfter - runsBefore} completed";
        peak = Math.Max(peak, host.PeakSinceBaseline);
        var phases = $"running after {Seconds(running)}, shards done after {Seconds(shardsDone)}, digest stored after {Seconds(digested)}, " +
                     $"drawn after {draw.Elapsed.TotalSeconds:0.0} s" + (killNote is null ? "" : $"; {killNote}");
        // After a kill, exact: the shards stored as done when the host died, and the runs of the host that finished.
        var shardRuns = doneAtKill is { } done
            ? $"{done} shards were done when the host died (at least {runsBeforeKill} runs counted by it), {after} runs after the restart"
            : $"{after}";
        return (phases, shardRuns, host, peak);

        static string Seconds(TimeSpan? t) => t is { } v ? $"{v.TotalSeconds:0.0} s" : "?";
    }

    /// <summary>The host's shard scans of the campaign, started and completed (fanrewards.draw.shards by phase).</summary>
    private static async Task<(long Started, long Completed)> ShardRunsAsync(DrawHost host, string campaign)
    {
        var (started, completed) = await ShardScans.ReadAsync(host.Http, campaign);
        return ((long)started, (long)completed);
    }

    /// <summary>
    /// The same draw computed here, from the entries this run seeded and the seed the proof reveals: the entry-set
    /// digest over all of them sorted, and the best k + m by score with the prizes assigned. The proof must match it
    /// byte for byte (every score's bits included).
    /// </summary>
    private static string SameAsComputedHere(JsonElement proof, string campaign, byte[]? key, string drawId, int count)
    {
        if (proof.GetProperty("state").GetString() != "drawn") return "not drawn";
        var seed = Convert.FromHexString(proof.GetProperty("seed").GetString()!);
        var entries = Enumerable.Range(0, count).Select(i => Seeded(campaign, key, i)).ToArray();
        Array.Sort(entries, (a, b) => string.CompareOrdinal(a.Pseudonym, b.Pseudonym));
        using var digest = new EntrySetDigest();
        var top = new TopRanked(Winners + Alternates);
        foreach (var entry in entries)
        {
            digest.Append(entry.Pseudonym, entry.Weight);
            top.Add(new ScoredEntry(entry.Pseudonym, entry.Weight, DrawScoring.Score(seed, campaign, drawId, entry.Pseudonym, entry.Weight)));
        }
        var expected = DrawRanking.Assign(top.Ranked(), [new DrawTier(drawId == MeasuredDraw ? "pass" : "pass2", Winners)]);
        var digestText = digest.Finish();
        if (proof.GetProperty("entrySetDigest").GetString() != digestText) return $"DIFFERENT entry-set digest (expected {digestText})";
        if (proof.GetProperty("entryCount").GetInt64() != count) return "DIFFERENT entry count";
        var ranking = proof.GetProperty("ranking").EnumerateArray().Select(r => new RankedEntry(r.GetProperty("rank").GetInt32(),
            r.GetProperty("pseudonym").GetString()!, r.GetProperty("weight").GetInt32(), r.GetProperty("score").GetDouble(),
            r.TryGetProperty("prizeId", out var prize) && prize.ValueKind == JsonValueKind.String ? prize.GetString() : null)).ToList();
        if (ranking.Count != expected.Count) return $"DIFFERENT ranking length {ranking.Count}, expected {expected.Count}";
        for (var i = 0; i < expected.Count; i++)
        {
            if (ranking[i] != expected[i] || BitConverter.DoubleToInt64Bits(ranking[i].Score) != BitConverter.DoubleToInt64Bits(expected[i].Score))
                return $"DIFFERENT at rank {i + 1}: {ranking[i]} vs {expected[i]}";
        }

        return $"identical to the draw computed in the driver (digest {digestText[..12]}…, {expected.Count} ranks)";
    }

    /// <summary>
    /// Riddles 1 to <paramref name="correct"/> answered right at the first attempt when the entry was made, as the entry
    /// path stores it: a draw weighted by correct answers counts them from this progress as of its cutoff, not from the
    /// row's Weight column.
    /// </summary>
    private static string ProgressOf(int correct, DateTimeOffset answeredAt) => string.Join(';', Enumerable.Range(1, correct)
        .Select(r => $"r{r}=1+@{answeredAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>Entrant i of the run: a riddle entry with 1 + i % 5 correct answers, so weights 1 to 5, under the campaign's pseudonym key.</summary>
    private static (string Pseudonym, int Weight, string EntrantId) Seeded(string campaign, byte[]? key, int i)
    {
        var entrant = $"bench-{i:D7}";
        return (Pseudonym.Of(campaign, entrant, key), 1 + i % 5, entrant);
    }

    /// <summary>
    /// The secret pseudonym key the publish made, read from the campaign's row, so the seeded rows carry the pseudonyms
    /// the entry path would have written (only a harness that writes the storage itself reads it).
    /// </summary>
    private static async Task<byte[]?> PseudonymKeyAsync(string storage, string campaign)
    {
        var row = await new TableClient(storage, "Campaigns").GetEntityAsync<TableEntity>("campaign", campaign);
        return row.Value.GetBinary("PseudonymKey");
    }

    /// <summary>
    /// A riddle campaign with two draws of the same entries (several wins allowed), each 200 winners and 200 alternates
    /// (k + m = 400). It closes and draws a day from now, so only the organiser closes it (after the seeding) and asks
    /// for the draws. Returns when it opened.
    /// </summary>
    private static async Task<DateTimeOffset> CreateCampaignAsync(HttpClient http, string campaign)
    {
        var now = DateTimeOffset.UtcNow;
        var closes = now.AddDays(1);
        await AdminCalls.SendAsync(http, HttpMethod.Post, "api/manage/campaigns", new
        {
            id = campaign, title = "抽奖压测", fourEyes = false,
            schedule = new
            {
                opensAt = AdminCalls.Local(now.AddMinutes(-10)), closesAt = AdminCalls.Local(closes),
                draws = new[]
                {
                    new { id = MeasuredDraw, at = AdminCalls.Local(closes.AddMinutes(1)), prizeIds = new[] { "pass" }, alternates = Alternates },
                    new { id = KilledDraw, at = AdminCalls.Local(closes.AddMinutes(2)), prizeIds = new[] { "pass2" }, alternates = Alternates },
                },
                claimDeadline = AdminCalls.Local(closes.AddDays(14)),
            },
            allowMultipleWins = true,
            organiser = AdminCalls.Organiser,
            rules = AdminCalls.Rules("抽奖", "递补"),
            activities = new[] { new { id = "riddles", kind = "riddle", title = "猜灯谜", award = new { mode = "draw", weighting = "correctAnswers" } } },
        });
        await AdminCalls.SendAsync(http, HttpMethod.Put, $"api/manage/campaigns/{campaign}/riddles",
            Enumerable.Range(1, 5).Select(r => new { id = $"r{r}", activityId = "riddles", question = $"灯谜{r}", answers = new[] { "告" } }).ToArray());
        await AdminCalls.SendAsync(http, HttpMethod.Put, $"api/manage/campaigns/{campaign}/prizes",
            new[]
            {
                new { id = "pass", name = "旅游年卡", kind = "physical", valueYuan = 120, count = Winners },
                new { id = "pass2", name = "旅游年卡（二）", kind = "physical", valueYuan = 120, count = Winners },
            });
        await AdminCalls.PublishAsync(http, campaign);
        return now;
    }

    /// <summary>
    /// Riddle entries as the entry path writes them, straight into their bucket partitions, 100 per transaction of one
    /// partition. Upserts, so a transaction that landed but whose answer was lost can be sent again; each is retried
    /// until it succeeds. The rows are made as they are sent: the driver holds a few batches, never the whole set.
    /// </summary>
    private static async Task SeedEntriesAsync(TableClient table, string campaign, byte[]? key, int count, DateTimeOffset acceptedAt, int concurrency)
    {
        var batches = Channel.CreateBounded<List<TableEntity>>(concurrency * 2);
        var sent = 0L;
        var retries = 0L;
        var clock = Stopwatch.StartNew();
        var producer = Task.Run(async () =>
        {
            // Partition by partition, in key order: Azurite's LokiJS keeps a sorted index per key and splices every
            // insert into it, so rows that land at the end of the partition index cost less (see bench/README.md).
            var order = Enumerable.Range(0, count).Select(i =>
            {
                var pseudonym = Seeded(campaign, key, i).Pseudonym;
                return (Index: i, Bucket: Pseudonym.BucketOf(pseudonym, Buckets), Pseudonym: pseudonym);
            }).ToArray();
            Array.Sort(order, (a, b) => a.Bucket != b.Bucket ? a.Bucket.CompareTo(b.Bucket) : string.CompareOrdinal(a.Pseudonym, b.Pseudonym));
            var batch = new List<TableEntity>(100);
            foreach (var (i, _, _) in order)
            {
                var (pseudonym, weight, entrant) = Seeded(campaign, key, i);
                var partition = $"{campaign}:{Pseudonym.BucketOf(pseudonym, Buckets):D3}";
                if (batch.Count == 100 || (batch.Count > 0 && batch[0].PartitionKey != partition))
                {
                    await batches.Writer.WriteAsync(batch);
                    batch = new List<TableEntity>(100);
                }
                batch.Add(new TableEntity(partition, $"riddles:{pseudonym}")
                {
                    ["ActivityId"] = "riddles", ["Kind"] = "riddle", ["EntrantId"] = entrant, ["Pseudonym"] = pseudonym,
                    ["AcceptedAt"] = acceptedAt, ["Weight"] = weight, ["Value"] = (long)weight, ["Progress"] = ProgressOf(weight, acceptedAt),
                });
            }
            if (batch.Count > 0) await batches.Writer.WriteAsync(batch);
            batches.Writer.Complete();
        });
        using var progress = new Timer(_ => Console.WriteLine(
            $"    seeding: {Interlocked.Read(ref sent)} of {count} after {clock.Elapsed.TotalSeconds:0} s ({Interlocked.Read(ref sent) / clock.Elapsed.TotalSeconds:0}/s, " +
            $"{Interlocked.Read(ref retries)} retries)"), null, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15));
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            try
            {
                await SendAllAsync();
            }
            catch (Exception e)
            {
                // Stops the producer too, instead of leaving it waiting for room in the channel.
                batches.Writer.TryComplete(e);
                throw;
            }
        })).ToList();
        await Task.WhenAll(workers.Append(producer));

        async Task SendAllAsync()
        {
            await foreach (var batch in batches.Reader.ReadAllAsync())
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)));
                        break;
                    }
                    catch (Exception e) when (attempt < 10 && e is RequestFailedException or HttpRequestException or TaskCanceledException or IOException)
                    {
                        Interlocked.Increment(ref retries);
                        await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
                    }
                }
                Interlocked.Add(ref sent, batch.Count);
            }
        }
    }

    /// <summary>When to kill the host mid-draw: after some time into the draw, or once it counted some shard runs.</summary>
    private sealed record KillPlan(TimeSpan? AfterTime, int? AfterShardRuns)
    {
        public static readonly KillPlan None = new(null, null);

        public bool Planned => AfterTime is not null || AfterShardRuns is not null;

        public bool Due(TimeSpan elapsed, long shardRuns) => elapsed >= AfterTime || shardRuns >= AfterShardRuns;

        public override string ToString() =>
            AfterTime is { } t ? $"{t.TotalSeconds:0} s into the draw" : $"after {AfterShardRuns} shard runs";
    }
}

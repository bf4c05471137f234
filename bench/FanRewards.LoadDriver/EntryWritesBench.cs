using System.Collections.Concurrent;
using Azure.Core;
using Azure.Data.Tables;
using FanRewards.Core.Figures;
using FanRewards.Core.Fraud;
using FanRewards.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FanRewards.LoadDriver;

/// <summary>
/// <c>--mode entry-writes</c>: what 1,000 accepted entries of each kind (likes, riddle answers, messages) cost storage,
/// counted, not timed: the requests and entities the entries write themselves, then what the figures' flush and the
/// fraud tally's flush add when each is run by hand (the DevHost's flush timer is set to an hour, so nothing flushes
/// in between). Each entrant comes from a network of its own (the address header the front end would set), the case
/// where the fraud aggregates write the most: a network row per entry.
/// </summary>
internal static class EntryWritesBench
{
    public const string Mode = "entry-writes";
    public const string AddressHeader = "X-Bench-Client";
    private const string Campaign = "entry-writes";

    /// <summary>Counts the DevHost's table requests by what they touch; registered before the app's own client.</summary>
    public static StorageWrites Counter { get; } = new();

    public static TableServiceClient CountedTables(string connectionString) => Counter.CountedTables(connectionString);

    public static async Task RunAsync(HttpClient http, IServiceProvider services, TokenMint tokens, int entries, int concurrency)
    {
        Console.WriteLine($"Entry writes: {entries} accepted entries per kind at concurrency {concurrency}, each entrant on a network of its own; counts only");
        await CreateCampaignAsync(http);
        var figures = services.GetRequiredService<EntryFigures>();
        var signals = services.GetRequiredService<SignalTally>();
        await figures.FlushAsync(CancellationToken.None);
        await signals.FlushAsync(CancellationToken.None);

        var words = "感谢 她 车间 田间 病房 讲台 工地 奋斗 节日 快乐 问候 回忆 妈妈 姐姐 老师 医生 护士 工人 农民 师傅 坚守 岗位 辛苦 温暖 微笑 力量 光荣 劳动 创造 未来 春天 花开 阳光 梦想 拼搏 奉献 平安 健康 幸福 美丽".Split(' ');
        var kinds = new (string Name, Func<int, string, HttpRequestMessage> Request)[]
        {
            ("like", (i, token) => EntrantRequests.Like(Campaign, $"c{i % 10}", token)),
            ("riddle answer", (_, token) => EntrantRequests.Answer(Campaign, token)),
            ("message", (i, token) =>
            {
                var random = new Random(i);
                var text = string.Concat(Enumerable.Range(0, 14).Select(_ => words[random.Next(words.Length)])) + $"——{i}号";
                return EntrantRequests.Message(Campaign, "messages", text, token);
            }),
        };

        var rows = new List<(string Kind, string Step, Counts Counts)>();
        var entrant = 0;
        foreach (var (name, request) in kinds)
        {
            var first = entrant;
            entrant += entries;
            Counter.Reset();
            var refused = await SendAllAsync(http, tokens, request, first, entries, concurrency);
            if (refused > 0) throw new InvalidOperationException($"{refused} of {entries} {name}s were refused: the counts would not be per accepted entry.");
            rows.Add((name, "entries (no flush)", Counter.Take()));
            await figures.FlushAsync(CancellationToken.None);
            rows.Add((name, "figures flush", Counter.Take()));
            await signals.FlushAsync(CancellationToken.None);
            rows.Add((name, "fraud tally flush", Counter.Take()));
        }

        Console.WriteLine();
        Console.WriteLine($"{"kind",-14} {"step",-20} {"reads",6} {"writes",7} {"of them tx",11} {"entities",9}   (per {entries} accepted entries; fraud rows: CampaignState \"{{campaign}}:fraud:nn\")");
        foreach (var (kind, step, c) in rows)
            Console.WriteLine($"{kind,-14} {step,-20} {c.Reads,6} {c.Writes,7} {c.Transactions,11} {c.Entities,9}   fraud: {c.FraudReads} reads, {c.FraudWrites} writes, {c.FraudEntities} entities");
    }

    private static async Task<int> SendAllAsync(HttpClient http, TokenMint tokens, Func<int, string, HttpRequestMessage> build, int first, int count, int concurrency)
    {
        var next = first - 1;
        var refused = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < first + count; i = Interlocked.Increment(ref next))
            {
                using var request = build(i, tokens.For($"writer-{i}"));
                // A network of its own per entrant (a /24 each): the fraud aggregates' most expensive case.
                request.Headers.Add(AddressHeader, $"10.{i / 256 % 256}.{i % 256}.7");
                using var response = await http.SendAsync(request);
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref refused);
            }
        }));
        return refused;
    }

    private static async Task CreateCampaignAsync(HttpClient http)
    {
        await AdminCalls.SendAsync(http, HttpMethod.Post, "api/manage/campaigns", new
        {
            id = Campaign, title = "写入计数", fourEyes = false,
            schedule = AdminCalls.OpenForTwoHours(DateTimeOffset.UtcNow),
            organiser = AdminCalls.Organiser,
            rules = AdminCalls.Rules("抽奖", "递补"),
            activities = new object[]
            {
                new { id = "riddles", kind = "riddle", title = "猜灯谜", award = new { mode = "draw" } },
                new { id = "likes", kind = "like", title = "点赞", award = new { mode = "draw" } },
                new { id = "messages", kind = "message", title = "留言", award = new { mode = "draw" }, minLength = 5, maxLength = 300 },
            },
        });
        await AdminCalls.PutRiddleAsync(http, Campaign);
        await AdminCalls.PutLikeCandidatesAsync(http, Campaign);
        await AdminCalls.SendAsync(http, HttpMethod.Put, $"api/manage/campaigns/{Campaign}/prizes",
            new[] { new { id = "pass", name = "旅游年卡", kind = "physical", valueYuan = 120, count = 10 } });
        await AdminCalls.PublishAsync(http, Campaign);
    }

    internal sealed record Counts(int Reads, int Writes, int Transactions, int Entities, int FraudReads, int FraudWrites, int FraudEntities);

    /// <summary>
    /// Table requests, by whether they touch the fraud aggregates' partitions: GETs are reads, the rest writes; a batch
    /// transaction is one write of as many entities as it has operations. The DevHost's timers are included (an upper bound).
    /// </summary>
    internal sealed class StorageWrites : CountingPolicy
    {
        private readonly ConcurrentQueue<(bool Read, bool Batch, int Entities, bool Fraud)> _seen = new();

        public void Reset() => _seen.Clear();

        /// <summary>What was counted since the last take, and a fresh start.</summary>
        public Counts Take()
        {
            var seen = new List<(bool Read, bool Batch, int Entities, bool Fraud)>();
            while (_seen.TryDequeue(out var one)) seen.Add(one);
            return new Counts(seen.Count(s => s.Read), seen.Count(s => !s.Read), seen.Count(s => s.Batch), seen.Where(s => !s.Read).Sum(s => s.Entities),
                seen.Count(s => s.Read && s.Fraud), seen.Count(s => !s.Read && s.Fraud), seen.Where(s => !s.Read && s.Fraud).Sum(s => s.Entities));
        }

        protected override void Count(HttpMessage message)
        {
            var uri = Uri.UnescapeDataString(message.Request.Uri.ToString());
            var body = TableRequestText.BodyOf(message.Request.Content);
            var read = message.Request.Method == RequestMethod.Get;
            var batch = TableRequestText.IsTransaction(uri);
            var entities = read ? 0 : batch ? TableRequestText.OperationsOf(body) : 1;
            _seen.Enqueue((read, batch, entities, uri.Contains(":fraud:", StringComparison.Ordinal) || body.Contains(":fraud:", StringComparison.Ordinal)));
        }
    }
}

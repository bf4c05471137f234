using BenchmarkDotNet.Attributes;
using FanRewards.Core.Draws;
using FanRewards.Core.Entries;
using FanRewards.Core.Fairness;

namespace FanRewards.Benchmarks;

/// <summary>
/// The draw's inner loop, per entry: every figure is time per entry (OperationsPerInvoke), so entries per second on one
/// core is 1e9 / Mean[ns]. A draw scans its shards in parallel, so a Function App multiplies this by its cores.
/// </summary>
[MemoryDiagnoser]
public class DrawBenchmarks
{
    private const string CampaignId = "lantern-festival-2027";
    private const string DrawId = "lantern-draw";
    private const int Entries = 100_000;

    private readonly byte[] _seed = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
    // Salted pseudonyms, as a campaign published since Trust v2 has them (a fixed key: the same entries every run).
    private readonly byte[] _pseudonymKey = Enumerable.Range(32, 32).Select(i => (byte)i).ToArray();
    private DrawEntry[] _entries = [];
    private DrawEntry[] _sorted = [];

    [GlobalSetup]
    public void Setup()
    {
        _entries = Enumerable.Range(0, Entries).Select(i => new DrawEntry(Pseudonym.Of(CampaignId, $"worker-{i}", _pseudonymKey), 1 + i % 5)).ToArray();
        _sorted = _entries.OrderBy(e => e.Pseudonym, StringComparer.Ordinal).ToArray();
    }

    /// <summary>One entry's score: HMAC-SHA256 over "campaignId|drawId|pseudonym", 53 bits, ln, divide.</summary>
    [Benchmark]
    public double Score() => DrawScoring.Score(_seed, CampaignId, DrawId, _entries[12345].Pseudonym, _entries[12345].Weight);

    /// <summary>What one shard does: score 100,000 entries and keep the best k + m = 400.</summary>
    [Benchmark(OperationsPerInvoke = Entries)]
    public int ScoreAndKeepTop400()
    {
        var top = new TopRanked(400);
        foreach (var entry in _entries)
            top.Add(new ScoredEntry(entry.Pseudonym, entry.Weight, DrawScoring.Score(_seed, CampaignId, DrawId, entry.Pseudonym, entry.Weight)));
        return top.Ranked().Count;
    }

    /// <summary>The same through the public entry point, including prize assignment (tiers 100, alternates 300).</summary>
    [Benchmark(OperationsPerInvoke = Entries)]
    public int DrawRankingRank() => DrawRanking.Rank(_seed, CampaignId, DrawId, _entries, [new DrawTier("travel-annual-pass", 100)], 300).Count;

    /// <summary>The entry-set digest over 100,000 entries already sorted by pseudonym, as the entries are stored.</summary>
    [Benchmark(OperationsPerInvoke = Entries)]
    public string EntrySetDigest100k()
    {
        using var digest = new EntrySetDigest();
        foreach (var entry in _sorted) digest.Append(entry.Pseudonym, entry.Weight);
        return digest.Finish();
    }
}

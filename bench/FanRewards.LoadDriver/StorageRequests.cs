using System.Collections.Concurrent;
using Azure.Core;
using FanRewards.Testing;

namespace FanRewards.LoadDriver;

/// <summary>
/// Counts the DevHost's table requests by method and table ("POST Entries", "GET CampaignState", "POST $batch"), so a
/// phase can say what each call cost storage in requests, beside the CPU Azurite spent on them.
/// </summary>
internal sealed class StorageRequests : CountingPolicy
{
    private readonly ConcurrentDictionary<string, long> _byKind = new(StringComparer.Ordinal);

    public Dictionary<string, long> Snapshot() => new(_byKind, StringComparer.Ordinal);

    protected override void Count(HttpMessage message)
    {
        // The path's table ("$batch" for a transaction: its body is not read here, in the measured process's hot path).
        var table = TableRequestText.TableOfPath(message.Request.Uri.Path);
        _byKind.AddOrUpdate($"{message.Request.Method.Method} {table}", 1, (_, n) => n + 1);
    }

    /// <summary>What each kind of request rose by between two snapshots, per call.</summary>
    public static string PerCall(Dictionary<string, long> before, Dictionary<string, long> after, long calls) => string.Join(", ",
        after.Select(kv => (kv.Key, Count: kv.Value - before.GetValueOrDefault(kv.Key)))
            .Where(k => k.Count > 0).OrderByDescending(k => k.Count)
            .Select(k => $"{k.Key} {k.Count / (double)calls:0.000}"));
}

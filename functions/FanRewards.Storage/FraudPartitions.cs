using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using FanRewards.Core.Fraud;

namespace FanRewards.Storage;

/// <summary>
/// The partitions of CampaignState holding one campaign's fraud aggregates, "{campaignId}:fraud:{n}": a fixed number, so
/// the entry burst's flushes spread over them (each stays under a partition's write target) and a review reads each
/// once. A row's partition is a stable hash of its subject (never .NET's per-process string hash), so one subject's
/// minute rows and its hot mark share a partition and every instance picks the same one.
/// </summary>
/// <remarks>Nothing was deployed with the earlier single "{campaignId}:fraud" partition, so none is migrated.</remarks>
public static class FraudPartitions
{
    public const int Count = 16;

    public static string Name(string campaignId, int n) => $"{campaignId}:fraud:{n:D2}";

    public static IEnumerable<string> All(string campaignId) => Enumerable.Range(0, Count).Select(n => Name(campaignId, n));

    /// <summary>Where a subject's count rows and hot mark live.</summary>
    public static string Of(string campaignId, SignalKind kind, string subject) => Name(campaignId, Hash($"{Core.Json.WireName.Of(kind)}|{subject}"));

    /// <summary>Where a fast riddler lives (by pseudonym).</summary>
    public static string OfRiddler(string campaignId, string pseudonym) => Name(campaignId, Hash(pseudonym));

    /// <summary>Where the campaign's "since" row lives: one row, the first partition.</summary>
    public static string OfSince(string campaignId) => Name(campaignId, 0);

    private static int Hash(string key) =>
        (int)(BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(key))) % Count);
}

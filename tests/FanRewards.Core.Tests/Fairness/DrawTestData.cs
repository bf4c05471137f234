using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using FanRewards.Core.Draws;
using FanRewards.Core.Entries;
using FanRewards.Core.Fairness;

namespace FanRewards.Core.Tests.Fairness;

/// <summary>Seeds, entry sets and an independent restatement of the draw rule, written from docs/FAIRNESS.md rather than from Core.</summary>
internal static class DrawTestData
{
    public const string CampaignId = "lantern-festival-2027";
    public const string DrawId = "lantern-draw";

    /// <summary>The worked example's seed: bytes 0x00..0x1f.</summary>
    public static byte[] CountingSeed() => Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    /// <summary>A reproducible seed per counter: SHA-256 of the counter's 8 bytes big-endian.</summary>
    public static byte[] SeedFor(long counter)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, counter);
        return SHA256.HashData(bytes);
    }

    /// <summary>Entrants e0..e{count-1} of <see cref="CampaignId"/> with weights cycling 1..5.</summary>
    public static List<DrawEntry> Entries(int count, string campaignId = CampaignId) =>
        Enumerable.Range(0, count).Select(i => new DrawEntry(Pseudonym.Of(campaignId, $"e{i}", (string?)null), 1 + i % 5)).ToList();

    public static List<ScoredEntry> Scored(byte[] seed, IEnumerable<DrawEntry> entries) =>
        entries.Select(e => new ScoredEntry(e.Pseudonym, e.Weight, DrawScoring.Score(seed, CampaignId, DrawId, e.Pseudonym, e.Weight))).ToList();

    /// <summary>u by the letter of docs/FAIRNESS.md, with no Core code: HMAC, first 8 bytes big-endian, &gt;&gt; 11, (n + 0.5) / 2^53.</summary>
    public static double IndependentUniform(byte[] seed, string campaignId, string drawId, string pseudonym)
    {
        using var hmac = new HMACSHA256(seed);
        var mac = hmac.ComputeHash(Encoding.UTF8.GetBytes(campaignId + "|" + drawId + "|" + pseudonym));
        ulong first8 = 0;
        for (var i = 0; i < 8; i++) first8 = (first8 << 8) | mac[i];
        var n = first8 >> 11;
        return (n + 0.5) / Math.Pow(2, 53);
    }

    public static List<T> Shuffled<T>(IEnumerable<T> items, Random random)
    {
        var list = items.ToList();
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }
}

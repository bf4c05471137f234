using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace FanRewards.Core.Fairness;

/// <summary>
/// The byte-exact rule of docs/FAIRNESS.md: a verifier in any language computes the same numbers from the revealed seed
/// and the published entry set. Shared by the draws (their scores) and the instant wins (their uniforms), so it sits
/// below both.
/// </summary>
public static class DrawScoring
{
    public const int SeedLength = 32;
    public const int MaxWeight = 1000;

    public static byte[] NewSeed() => RandomNumberGenerator.GetBytes(SeedLength);

    /// <summary>Lowercase hex SHA-256 of the seed bytes, published before entries open.</summary>
    public static string Commitment(ReadOnlySpan<byte> seed) => Convert.ToHexStringLower(SHA256.HashData(seed));

    /// <summary>
    /// The seed that scores a draw (Trust v2): the committed seed when no witness secret is used; otherwise SHA-256 over
    /// the raw 32-byte seed followed by each revealed witness secret (32 raw bytes each) in the witnesses' listed order,
    /// excused witnesses left out. Neither the organiser nor any one witness knows it before the last reveal.
    /// </summary>
    public static byte[] DrawSeed(ReadOnlySpan<byte> seed, IReadOnlyList<byte[]> revealedSecretsInOrder)
    {
        if (seed.Length != SeedLength) throw new ArgumentException($"A seed is {SeedLength} bytes.", nameof(seed));
        if (revealedSecretsInOrder.Count == 0) return seed.ToArray();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(seed);
        foreach (var secret in revealedSecretsInOrder)
        {
            if (secret.Length != SeedLength) throw new ArgumentException($"A witness secret is {SeedLength} bytes.", nameof(revealedSecretsInOrder));
            hash.AppendData(secret);
        }
        return hash.GetHashAndReset();
    }

    /// <summary>
    /// u = (n + 0.5) / 2^53 where n is the first 8 bytes of HMAC-SHA256(seed, UTF-8 "campaignId|drawId|pseudonym")
    /// read big-endian and shifted right by 11, evaluated in double: above 0, and below 1 except for n = 2^53 − 1, where
    /// n + 0.5 rounds (ties to even) to 2^53 and u is exactly 1 (score 0, probability 2^-53). Every IEEE-754 verifier
    /// computes the same, so the rule keeps it; docs/FAIRNESS.md says so.
    /// </summary>
    public static double Uniform(ReadOnlySpan<byte> seed, string campaignId, string drawId, string pseudonym)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(seed, Encoding.UTF8.GetBytes($"{campaignId}|{drawId}|{pseudonym}"), mac);
        var n = BinaryPrimitives.ReadUInt64BigEndian(mac) >> 11;
        return (n + 0.5) / 9007199254740992.0; // 2^53
    }

    /// <summary>Efraimidis–Spirakis: ln(u) / weight. Higher is better; a heavier weight pulls the score towards 0.</summary>
    public static double Score(ReadOnlySpan<byte> seed, string campaignId, string drawId, string pseudonym, int weight)
    {
        if (weight is < 1 or > MaxWeight) throw new ArgumentOutOfRangeException(nameof(weight), weight, $"A weight is 1 to {MaxWeight} tickets.");
        return Math.Log(Uniform(seed, campaignId, drawId, pseudonym)) / weight;
    }
}

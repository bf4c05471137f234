using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace FanRewards.Core.Entries;

/// <summary>
/// An entrant as the public sees them in a campaign (docs/FAIRNESS.md, "the rule, byte for byte"). Since Trust v2 a
/// campaign holds a secret pseudonym key made at publish; an entrant's salt is HMAC-SHA256(key, entrantId), shown only
/// to them, and their pseudonym is lowercase hex SHA-256 of UTF-8 "campaignId|entrantId|salt". Without the salt a
/// guessed id tests nothing, so the public entry set cannot be reversed; with it, the entrant finds their own entry.
/// A campaign published before Trust v2 has no key and keeps the unsalted rule, SHA-256 of "campaignId|entrantId".
/// </summary>
public static class Pseudonym
{
    public const int KeyLength = 32;

    /// <summary>A campaign's secret pseudonym key: 32 CSPRNG bytes, made at publish, never published or revealed.</summary>
    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(KeyLength);

    /// <summary>The entrant's salt: lowercase hex HMAC-SHA256(key = pseudonymKey, message = UTF-8 entrantId), 64 characters.</summary>
    public static string SaltOf(ReadOnlySpan<byte> pseudonymKey, string entrantId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(pseudonymKey, Encoding.UTF8.GetBytes(entrantId)));

    /// <summary>The pseudonym from the entrant's id and salt; a null salt is the unsalted rule of campaigns published before Trust v2.</summary>
    public static string Of(string campaignId, string entrantId, string? salt) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            salt is null ? $"{campaignId}|{entrantId}" : $"{campaignId}|{entrantId}|{salt}")));

    /// <summary>The pseudonym under a campaign's key (null: no key, the unsalted rule).</summary>
    public static string Of(string campaignId, string entrantId, byte[]? pseudonymKey) =>
        Of(campaignId, entrantId, pseudonymKey is null ? null : SaltOf(pseudonymKey, entrantId));

    /// <summary>
    /// The entry partition an entrant's entries live in: stable for the life of the campaign, spread evenly, so each
    /// partition is both a unit of write throughput and a shard the draw scans in parallel.
    /// </summary>
    public static int BucketOf(string pseudonym, int buckets) =>
        (int)(BinaryPrimitives.ReadUInt32BigEndian(Convert.FromHexString(pseudonym.AsSpan(0, 8))) % (uint)buckets);
}

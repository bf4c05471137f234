using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace FanRewards.Core.Entries;

/// <summary>
/// An entrant as the public sees them in a campaign: lowercase hex SHA-256 of UTF-8 "campaignId|entrantId". The same
/// person gets unrelated pseudonyms in different campaigns, and nobody can go back from one to the entrant id.
/// </summary>
public static class Pseudonym
{
    public static string Of(string campaignId, string entrantId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{campaignId}|{entrantId}")));

    /// <summary>
    /// The entry partition an entrant's entries live in: stable for the life of the campaign, spread evenly, so each
    /// partition is both a unit of write throughput and a shard the draw scans in parallel.
    /// </summary>
    public static int BucketOf(string pseudonym, int buckets) =>
        (int)(BinaryPrimitives.ReadUInt32BigEndian(Convert.FromHexString(pseudonym.AsSpan(0, 8))) % (uint)buckets);
}

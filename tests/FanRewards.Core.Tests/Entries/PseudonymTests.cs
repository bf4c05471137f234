using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FanRewards.Core.Entries;

namespace FanRewards.Core.Tests.Entries;

public class PseudonymTests
{
    [Theory]
    [InlineData("lantern-2027", "wx_user.01@union")]
    [InlineData("lantern-2027", "A")]
    [InlineData("元宵-2027", "张三")]
    public void Pseudonym_is_lowercase_hex_sha256_of_utf8_campaign_pipe_entrant(string campaignId, string entrantId)
    {
        var expected = string.Concat(SHA256.HashData(Encoding.UTF8.GetBytes(campaignId + "|" + entrantId)).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));

        var pseudonym = Pseudonym.Of(campaignId, entrantId, (string?)null);

        Assert.Equal(expected, pseudonym);
        Assert.Matches("^[0-9a-f]{64}$", pseudonym);
    }

    [Theory]
    // Computed outside .NET: printf 'c|e' | sha256sum, etc.
    [InlineData("c", "e", "7ae04eeb53f21f280e2e777e7e33cf746b83f6d993eed66f8c299f630dbde6a5")]
    [InlineData("lantern-2027", "Wx_User.01@union", "f1c9ac0c1831b4078a1e8764cd9828054dcd0489a8b20b6dcd63d2d3e4fd5e05")]
    [InlineData("元宵-2027", "张三", "5f0b1a75481eeafa046f19b4f5356acaae357b26de43b50a13f566b3d636b596")]
    public void Pseudonym_matches_known_vectors(string campaignId, string entrantId, string expected) =>
        Assert.Equal(expected, Pseudonym.Of(campaignId, entrantId, (string?)null));

    [Fact]
    public void The_same_entrant_has_unrelated_pseudonyms_in_different_campaigns() =>
        Assert.NotEqual(Pseudonym.Of("campaign-a", "e1", (string?)null), Pseudonym.Of("campaign-b", "e1", (string?)null));

    [Fact]
    public void Bucket_is_the_first_four_bytes_big_endian_modulo_the_bucket_count()
    {
        // 0x7ae04eeb = 2061520619; mod 16 = 0xb; mod 7 = 2061520619 - 7 * 294502945 = 4.
        var pseudonym = Pseudonym.Of("c", "e", (string?)null);
        Assert.Equal(11, Pseudonym.BucketOf(pseudonym, 16));
        Assert.Equal(4, Pseudonym.BucketOf(pseudonym, 7));
        Assert.Equal(0, Pseudonym.BucketOf(pseudonym, 1));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(7)]
    [InlineData(1000)]
    public void Bucket_is_in_range_and_stable(int buckets)
    {
        var random = new Random(buckets);
        for (var i = 0; i < 2000; i++)
        {
            var pseudonym = Pseudonym.Of("lantern-2027", $"u{random.NextInt64()}", (string?)null);
            var bucket = Pseudonym.BucketOf(pseudonym, buckets);
            Assert.InRange(bucket, 0, buckets - 1);
            Assert.Equal(bucket, Pseudonym.BucketOf(pseudonym, buckets));
            Assert.Equal(bucket, Pseudonym.BucketOf(new string(pseudonym.AsSpan()), buckets));
        }
    }

    [Fact]
    public void Buckets_spread_ten_thousand_random_entrants_evenly_over_sixteen()
    {
        const int entrants = 10_000, buckets = 16;
        var random = new Random(8080);
        var counts = new int[buckets];
        for (var i = 0; i < entrants; i++)
        {
            var id = $"wx_{random.NextInt64():x}{random.Next():x}";
            counts[Pseudonym.BucketOf(Pseudonym.Of("lantern-2027", id, (string?)null), buckets)]++;
        }

        const double mean = (double)entrants / buckets;
        Assert.All(counts, c => Assert.InRange(c, mean * 0.75, mean * 1.25));
    }

    [Fact]
    public void Salted_pseudonym_follows_trust_v2_byte_for_byte()
    {
        // Computed outside .NET (python3 hmac/hashlib): key = bytes 0..31.
        var key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

        var salt = Pseudonym.SaltOf(key, "alice");

        Assert.Equal("6eefad2bed97b6d93ee663d67a44b46016b3d79dcad54ada39b61a1d14874d1b", salt);
        Assert.Equal("de4f566b9b2205e7e2a53371a5cb5d4dffc0a8fa95bd2fc1cb014468a3f20364", Pseudonym.Of("lantern-2027", "alice", salt));
        Assert.Equal(Pseudonym.Of("lantern-2027", "alice", salt), Pseudonym.Of("lantern-2027", "alice", key));
    }

    [Fact]
    public void Without_the_key_a_guessed_id_does_not_give_the_salted_pseudonym()
    {
        var key = Pseudonym.NewKey();

        Assert.Equal(32, key.Length);
        Assert.NotEqual(Pseudonym.Of("c", "e", (string?)null), Pseudonym.Of("c", "e", key));
        Assert.NotEqual(Pseudonym.Of("c", "e", Pseudonym.NewKey()), Pseudonym.Of("c", "e", key));
    }
}

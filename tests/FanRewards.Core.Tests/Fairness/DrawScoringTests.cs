using System.Globalization;
using System.Security.Cryptography;
using FanRewards.Core.Entries;
using FanRewards.Core.Fairness;

namespace FanRewards.Core.Tests.Fairness;

public class DrawScoringTests
{
    [Fact]
    public void Commitment_is_lowercase_hex_sha256_of_the_seed_bytes()
    {
        var seed = DrawTestData.CountingSeed();

        var commitment = DrawScoring.Commitment(seed);

        Assert.Equal(string.Concat(SHA256.HashData(seed).Select(b => b.ToString("x2", CultureInfo.InvariantCulture))), commitment);
        // Computed outside .NET: python3 -c "import hashlib; print(hashlib.sha256(bytes(range(32))).hexdigest())"
        Assert.Equal("630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd", commitment);
    }

    [Fact]
    public void New_seeds_are_32_random_bytes()
    {
        var a = DrawScoring.NewSeed();
        var b = DrawScoring.NewSeed();

        Assert.Equal(32, a.Length);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Uniform_is_strictly_between_0_and_1_and_equals_an_independent_computation()
    {
        for (var s = 0; s < 20; s++)
        {
            var seed = DrawTestData.SeedFor(s);
            foreach (var entry in DrawTestData.Entries(200))
            {
                var u = DrawScoring.Uniform(seed, DrawTestData.CampaignId, DrawTestData.DrawId, entry.Pseudonym);

                Assert.InRange(u, double.Epsilon, 1.0);
                Assert.True(u is > 0 and < 1, $"u = {u:R}");
                Assert.Equal(DrawTestData.IndependentUniform(seed, DrawTestData.CampaignId, DrawTestData.DrawId, entry.Pseudonym), u);
            }
        }
    }

    [Fact]
    public void Uniform_depends_on_every_input()
    {
        var seed = DrawTestData.CountingSeed();
        var p = Pseudonym.Of(DrawTestData.CampaignId, "e1", (string?)null);
        var u = DrawScoring.Uniform(seed, DrawTestData.CampaignId, DrawTestData.DrawId, p);

        Assert.NotEqual(u, DrawScoring.Uniform(DrawTestData.SeedFor(1), DrawTestData.CampaignId, DrawTestData.DrawId, p));
        Assert.NotEqual(u, DrawScoring.Uniform(seed, "other-campaign", DrawTestData.DrawId, p));
        Assert.NotEqual(u, DrawScoring.Uniform(seed, DrawTestData.CampaignId, "other-draw", p));
        Assert.NotEqual(u, DrawScoring.Uniform(seed, DrawTestData.CampaignId, DrawTestData.DrawId, Pseudonym.Of(DrawTestData.CampaignId, "e2", (string?)null)));
    }

    [Fact]
    public void The_extreme_values_of_n_stay_in_range_except_the_very_last_which_rounds_to_1()
    {
        // u is evaluated in IEEE-754 double: n converts exactly (n < 2^53), n + 0.5 rounds to nearest, ties to even.
        const double twoTo53 = 9007199254740992.0;
        Assert.Equal(0.5 / twoTo53, (0UL + 0.5) / twoTo53);
        Assert.True(((1UL << 52) - 1 + 0.5) / twoTo53 < 0.5);
        // For n >= 2^52, n + 0.5 is not representable; n = 2^53 - 1 rounds up to 2^53, so u = 1 and score = 0
        // (probability 2^-53 per entry). docs/FAIRNESS.md states this so that every verifier agrees on it.
        Assert.Equal(1.0, ((1UL << 53) - 1 + 0.5) / twoTo53);
        Assert.Equal(0.0, Math.Log(1.0) / 7);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(999)]
    [InlineData(1000)]
    public void Score_is_ln_u_over_weight(int weight)
    {
        var seed = DrawTestData.CountingSeed();
        var p = Pseudonym.Of(DrawTestData.CampaignId, "e1", (string?)null);
        var u = DrawTestData.IndependentUniform(seed, DrawTestData.CampaignId, DrawTestData.DrawId, p);

        var score = DrawScoring.Score(seed, DrawTestData.CampaignId, DrawTestData.DrawId, p, weight);

        Assert.Equal(Math.Log(u) / weight, score);
        Assert.True(score < 0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    public void Score_refuses_weights_outside_1_to_1000(int weight)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            DrawScoring.Score(DrawTestData.CountingSeed(), DrawTestData.CampaignId, DrawTestData.DrawId, Pseudonym.Of(DrawTestData.CampaignId, "e1", (string?)null), weight));
        Assert.Equal("weight", ex.ParamName);
    }

    [Fact]
    public void A_heavier_weight_never_lowers_the_score_of_the_same_u()
    {
        var seed = DrawTestData.CountingSeed();
        foreach (var entry in DrawTestData.Entries(100))
        {
            var light = DrawScoring.Score(seed, DrawTestData.CampaignId, DrawTestData.DrawId, entry.Pseudonym, 1);
            var heavy = DrawScoring.Score(seed, DrawTestData.CampaignId, DrawTestData.DrawId, entry.Pseudonym, 3);
            Assert.True(heavy > light);
        }
    }

    [Fact]
    public void The_draw_seed_is_the_seed_without_witnesses_and_mixes_revealed_secrets_in_listed_order()
    {
        var seed = DrawTestData.CountingSeed();
        var a = Enumerable.Repeat((byte)0xaa, 32).ToArray();
        var b = Enumerable.Repeat((byte)0xbb, 32).ToArray();

        Assert.Equal(seed, DrawScoring.DrawSeed(seed, []));
        // Computed outside .NET: python3 -c "import hashlib; print(hashlib.sha256(bytes(range(32)) + b'\xaa'*32 + b'\xbb'*32).hexdigest())"
        Assert.Equal("7a174c76ec19baf4be550a6631a5fee41ba86ea32cce8d426364caa1e8021cd2", Convert.ToHexStringLower(DrawScoring.DrawSeed(seed, [a, b])));
        Assert.NotEqual(DrawScoring.DrawSeed(seed, [a, b]), DrawScoring.DrawSeed(seed, [b, a]));
        Assert.Throws<ArgumentException>(() => DrawScoring.DrawSeed(seed, [new byte[31]]));
    }
}

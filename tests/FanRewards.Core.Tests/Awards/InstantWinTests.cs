using System.Security.Cryptography;
using FanRewards.Core.Awards;

namespace FanRewards.Core.Tests.Awards;

public sealed class InstantWinTests
{
    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.02)]
    public void Wins_happen_at_the_stated_probability(double probability)
    {
        const int entries = 20_000;
        var seed = SHA256.HashData("instant-win-odds"u8);

        var wins = Enumerable.Range(0, entries).Count(i => InstantWin.Wins(seed, "lantern", "likes", $"likes:{i:D64}:2027-02-20:c1", probability));

        // Binomial: the frequency's standard deviation is sqrt(p(1-p)/n); 5 of them make a false failure
        // vanishingly rare while a rule off by a few percentage points fails at once.
        var tolerance = 5 * Math.Sqrt(probability * (1 - probability) / entries);
        Assert.InRange((double)wins / entries, probability - tolerance, probability + tolerance);
    }

    [Fact]
    public void The_decision_depends_on_the_seed_and_the_entry_and_nothing_else()
    {
        var seed = SHA256.HashData("a"u8);
        var other = SHA256.HashData("b"u8);

        var first = InstantWin.Uniform(seed, "c", "likes", "likes:p:2027-02-20:c1");

        Assert.Equal(first, InstantWin.Uniform(seed, "c", "likes", "likes:p:2027-02-20:c1"));
        Assert.NotEqual(first, InstantWin.Uniform(other, "c", "likes", "likes:p:2027-02-20:c1"));
        Assert.NotEqual(first, InstantWin.Uniform(seed, "c", "likes", "likes:p:2027-02-21:c1"));
        Assert.Equal(Core.Fairness.DrawScoring.Uniform(seed, "c", "instant-likes", "likes:p:2027-02-20:c1"), first);
    }
}

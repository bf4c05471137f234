using FanRewards.Core.Draws;

namespace FanRewards.Core.Tests.Fairness;

/// <summary>
/// Efraimidis–Spirakis promises P(rank 1) = w_i / Σw. Each test runs the real scoring over 20,000 seeds derived as
/// SHA-256 of the counter, so it is reproducible bit for bit. The tolerance is 5 standard deviations of the observed
/// frequency of a binomial, sqrt(p(1 − p) / n): a fair rule would stray that far with probability below 6e-7, while a
/// rule that ignored the weights would miss by 0.25 and more, a hundred times the tolerance.
/// </summary>
public class DrawFairnessStatisticsTests
{
    private const int Seeds = 20_000;

    [Fact]
    public void Weight_3_beats_weight_1_three_times_in_four()
    {
        var wins = FirstRankCounts([1, 3]);

        AssertFrequency(wins[1], 3.0 / 4); // sd = sqrt(0.75 · 0.25 / 20000) ≈ 0.00306, tolerance ≈ 0.0153
        Assert.Equal(Seeds, wins.Sum());
    }

    [Fact]
    public void Weights_1_2_3_win_first_rank_one_two_and_three_times_in_six()
    {
        var wins = FirstRankCounts([1, 2, 3]);

        AssertFrequency(wins[0], 1.0 / 6); // sd ≈ 0.00264, tolerance ≈ 0.0132
        AssertFrequency(wins[1], 2.0 / 6); // sd ≈ 0.00333, tolerance ≈ 0.0167
        AssertFrequency(wins[2], 3.0 / 6); // sd ≈ 0.00354, tolerance ≈ 0.0177
        Assert.Equal(Seeds, wins.Sum());
    }

    [Fact]
    public void Equal_weights_have_equal_chances()
    {
        var wins = FirstRankCounts([1, 1, 1, 1]);

        foreach (var count in wins) AssertFrequency(count, 1.0 / 4);
    }

    /// <summary>How often each entrant (index into <paramref name="weights"/>) holds rank 1 over <see cref="Seeds"/> seeds.</summary>
    private static int[] FirstRankCounts(int[] weights)
    {
        var entries = DrawTestData.Entries(weights.Length).Select((e, i) => e with { Weight = weights[i] }).ToList();
        var index = entries.Select((e, i) => (e.Pseudonym, i)).ToDictionary(x => x.Pseudonym, x => x.i);
        var wins = new int[weights.Length];
        for (var counter = 0; counter < Seeds; counter++)
        {
            var ranked = DrawRanking.Rank(DrawTestData.SeedFor(counter), DrawTestData.CampaignId, DrawTestData.DrawId, entries, [new DrawTier("prize", 1)], 0);
            wins[index[Assert.Single(ranked).Pseudonym]]++;
        }
        return wins;
    }

    private static void AssertFrequency(int count, double p)
    {
        var observed = (double)count / Seeds;
        var tolerance = 5 * Math.Sqrt(p * (1 - p) / Seeds);
        Assert.True(Math.Abs(observed - p) <= tolerance, $"observed {observed:F4}, expected {p:F4} ± {tolerance:F4}");
    }
}

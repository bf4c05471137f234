namespace FanRewards.Core.Campaigns.Model;

/// <summary>
/// When fraud review calls something suspicious (<c>Fraud.FraudReview</c>): a campaign's <c>fraudReview</c> block with
/// these defaults for what it leaves out. The defaults are meant to flag rings and scripts, not a busy office: 20
/// entrants from one /24 in 10 minutes, 5 riddles right in under 10 seconds, 15 likes for one candidate from one network
/// in 10 minutes, 5 entrants with texts at least 80 % alike.
/// </summary>
public sealed record FraudThresholds
{
    public int NetworkEntrants { get; init; } = 20;
    public TimeSpan NetworkWindow { get; init; } = TimeSpan.FromMinutes(10);
    public int FastRiddleCount { get; init; } = 5;
    public TimeSpan FastRiddleWindow { get; init; } = TimeSpan.FromSeconds(10);
    public int LikeBurstLikes { get; init; } = 15;
    public TimeSpan LikeBurstWindow { get; init; } = TimeSpan.FromMinutes(10);
    public int SimilarTextEntrants { get; init; } = 5;
    public double SimilarTextJaccard { get; init; } = 0.8;

    public static FraudThresholds Default { get; } = new();

    public static FraudThresholds From(FraudReviewDefinition? review)
    {
        var d = Default;
        if (review is null) return d;
        return new FraudThresholds
        {
            NetworkEntrants = review.NetworkEntrants ?? d.NetworkEntrants,
            NetworkWindow = review.NetworkWindowMinutes is { } n ? TimeSpan.FromMinutes(n) : d.NetworkWindow,
            FastRiddleCount = review.FastRiddleCount ?? d.FastRiddleCount,
            FastRiddleWindow = review.FastRiddleSeconds is { } s ? TimeSpan.FromSeconds(s) : d.FastRiddleWindow,
            LikeBurstLikes = review.LikeBurstLikes ?? d.LikeBurstLikes,
            LikeBurstWindow = review.LikeBurstMinutes is { } l ? TimeSpan.FromMinutes(l) : d.LikeBurstWindow,
            SimilarTextEntrants = review.SimilarTextEntrants ?? d.SimilarTextEntrants,
            SimilarTextJaccard = review.SimilarTextPercent is { } p ? p / 100.0 : d.SimilarTextJaccard,
        };
    }
}

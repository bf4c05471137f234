namespace FanRewards.Core.Campaigns;

/// <summary>
/// The wire form of a campaign's fraud-review thresholds (optional; each absent value takes the default of
/// <see cref="Model.FraudThresholds"/>). Checked by <see cref="FraudReviewValidator"/>.
/// </summary>
public sealed record FraudReviewDefinition
{
    /// <summary>This many entrants or more from one network within <see cref="NetworkWindowMinutes"/> form a cluster.</summary>
    public int? NetworkEntrants { get; init; }
    public int? NetworkWindowMinutes { get; init; }
    /// <summary>This many riddles answered right within <see cref="FastRiddleSeconds"/> is faster than a person reads.</summary>
    public int? FastRiddleCount { get; init; }
    public int? FastRiddleSeconds { get; init; }
    /// <summary>This many likes for one candidate from one network within <see cref="LikeBurstMinutes"/> form a burst.</summary>
    public int? LikeBurstLikes { get; init; }
    public int? LikeBurstMinutes { get; init; }
    /// <summary>This many entrants or more with (near-)identical texts form a cluster.</summary>
    public int? SimilarTextEntrants { get; init; }
    /// <summary>How alike two texts must be (Jaccard of their character 3-shingles, in percent) to count as near-identical.</summary>
    public int? SimilarTextPercent { get; init; }
}

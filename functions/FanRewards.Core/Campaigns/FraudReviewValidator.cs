namespace FanRewards.Core.Campaigns;

/// <summary>The checks of a campaign's optional <c>fraudReview</c> block: every threshold within sane bounds.</summary>
public static class FraudReviewValidator
{
    public static void Check(FraudReviewDefinition? review, ValidationErrors errors)
    {
        if (review is null) return;
        errors.Range(review.NetworkEntrants, "fraudReview.networkEntrants", 2, 100_000);
        errors.Range(review.NetworkWindowMinutes, "fraudReview.networkWindowMinutes", 1, 24 * 60);
        errors.Range(review.FastRiddleCount, "fraudReview.fastRiddleCount", 2, 1_000);
        errors.Range(review.FastRiddleSeconds, "fraudReview.fastRiddleSeconds", 1, 3_600);
        errors.Range(review.LikeBurstLikes, "fraudReview.likeBurstLikes", 2, 100_000);
        errors.Range(review.LikeBurstMinutes, "fraudReview.likeBurstMinutes", 1, 24 * 60);
        errors.Range(review.SimilarTextEntrants, "fraudReview.similarTextEntrants", 2, 100_000);
        errors.Range(review.SimilarTextPercent, "fraudReview.similarTextPercent", 50, 100);
    }
}

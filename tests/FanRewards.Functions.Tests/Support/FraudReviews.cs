using FanRewards.Core.Fraud;
using FanRewards.Storage;

namespace FanRewards.Functions.Tests.Support;

/// <summary>The fraud review over a scenario's tables as the wiring builds it (aggregates first, the entries for older campaigns).</summary>
internal static class FraudReviews
{
    public static FraudReview Of(DrawScenario scenario, FraudReviewOptions? options = null) =>
        new(scenario.Admin, new TableEntrySignalReader(scenario.Tables), new TableSignalAggregateStore(scenario.Tables), new TableFigureStore(scenario.Tables),
            new DisqualifiedEntrants(scenario.Disqualified), scenario.Clock, options ?? new FraudReviewOptions());
}

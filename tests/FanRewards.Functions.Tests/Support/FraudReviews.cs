using FanRewards.Core.Admins;
using FanRewards.Core.Entries;
using FanRewards.Core.Fraud;
using FanRewards.Storage;

namespace FanRewards.Functions.Tests.Support;

/// <summary>The fraud review over a scenario's tables as the wiring builds it (aggregates first, the entries for older campaigns).</summary>
internal static class FraudReviews
{
    /// <summary>The moderator who disqualifies what a review found.</summary>
    public static readonly AdminPrincipal Moderator = new("test-moderator", "刘审核", new HashSet<string> { AdminRoles.Moderator });

    /// <summary>An entrant whose requests come from <paramref name="address"/> (its network prefix is the signal) with a user-agent family.</summary>
    public static Entrant EntrantOn(string id, string address, string? userAgentFamily) =>
        new(id, false) { Client = new ClientTraits(NetworkPrefix.Of(address), userAgentFamily) };

    /// <summary>On the scenario's instance (its tally flushed first), or on another (<paramref name="instanceTally"/>: what it has tallied).</summary>
    public static FraudReview Of(DrawScenario scenario, SignalTally? instanceTally = null) =>
        new(scenario.Admin, new TableEntrySignalReader(scenario.Tables), new TableSignalAggregateStore(scenario.Tables), instanceTally ?? scenario.Signals,
            new TableFigureStore(scenario.Tables), new DisqualifiedEntrants(scenario.Disqualified), scenario.Clock, new FraudReviewOptions());
}

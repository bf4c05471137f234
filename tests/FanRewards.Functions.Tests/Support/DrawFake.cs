using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Draws;
using FanRewards.Core.Entries;
using FanRewards.Core.Steps;
using Moq;

namespace FanRewards.Functions.Tests.Support;

/// <summary>
/// A draw runner and queries on strict mocks, for triggers whose tests run no draw (any storage call fails the test):
/// what four eyes needs in its constructor when the test is about something else.
/// </summary>
internal static class DrawFake
{
    public static DrawRunner Runner(TimeProvider clock, ICampaignStore? campaigns = null)
    {
        var draws = Mock.Of<IDrawStore>(MockBehavior.Strict);
        var awards = Mock.Of<IAwardStore>(MockBehavior.Strict);
        var queue = Mock.Of<IStepQueue>(MockBehavior.Strict);
        var audit = Mock.Of<IAuditLog>(MockBehavior.Strict);
        var options = new DrawOptions();
        return new DrawRunner(campaigns ?? Mock.Of<ICampaignStore>(MockBehavior.Strict), draws, queue, new DrawStepSender(draws, queue, clock, options),
            new DrawEligibility(Mock.Of<IEntryStore>(MockBehavior.Strict), Mock.Of<IDisqualificationStore>(MockBehavior.Strict), awards, draws),
            new DrawWinnerAwards(awards, new VoucherIssuer(awards, Mock.Of<IVoucherStore>(MockBehavior.Strict), clock), clock,
                new PrizePasses(awards, Mock.Of<IDrawAlternates>(MockBehavior.Strict), Mock.Of<IDisqualificationStore>(MockBehavior.Strict), clock,
                    new ClaimOptions(), audit)),
            audit, clock, options);
    }

    public static DrawQueries Queries() =>
        new(Mock.Of<ICampaignStore>(MockBehavior.Strict), Mock.Of<IDrawStore>(MockBehavior.Strict));
}

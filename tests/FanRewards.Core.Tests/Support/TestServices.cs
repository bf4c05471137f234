using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Draws;
using FanRewards.Core.Due;
using FanRewards.Core.Entries;
using FanRewards.Core.Figures;
using FanRewards.Core.Outbox;
using Moq;

namespace FanRewards.Core.Tests.Support;

/// <summary>
/// The collaborators a service under test needs but the test is not about, as fakes that do their part in memory:
/// publishing commits to each draw and instant seed and takes every due mark; entries win nothing on the spot; figures
/// are tallied and never flushed.
/// </summary>
internal static class TestServices
{
    public static CampaignAdminService Admin(ICampaignStore store, TimeProvider clock, PublishPolicy? policy = null,
        PublicCampaignCatalog? catalog = null)
    {
        var draws = new Mock<IDrawStore>(MockBehavior.Strict);
        draws.Setup(d => d.EnsureDrawsAsync(It.IsAny<IReadOnlyList<DrawRecord>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((IReadOnlyList<DrawRecord> made, CancellationToken _) =>
                made.ToDictionary(d => d.DrawId, d => $"commitment-{d.DrawId}", StringComparer.Ordinal));
        // An early close moves the draws' seal (their due time) to the close.
        draws.Setup(d => d.MarkDueAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .Returns(Task.CompletedTask);
        var seeds = new Mock<IInstantSeedStore>(MockBehavior.Strict);
        seeds.Setup(s => s.EnsureAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string campaignId, string activityId, CancellationToken _) => $"commitment-{campaignId}-{activityId}");
        var due = new Mock<IDueIndex>(MockBehavior.Strict);
        due.Setup(d => d.MarkAsync(It.IsAny<DueMark>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        return new CampaignAdminService(store, catalog ?? new PublicCampaignCatalog(new CachingCampaignStore(store, clock, new CampaignCacheOptions()), clock), clock, policy ?? new PublishPolicy(),
            [new DrawPublication(draws.Object), new InstantWinPublication(seeds.Object), new TopNPublication(new DueLedger(due.Object, clock, new DueOptions()))]);
    }

    /// <summary>Every prize is gone, nobody is disqualified, no instant-win seed exists, and nobody has won anything.</summary>
    public static AwardService NoSpotPrizes(TimeProvider clock)
    {
        var awards = new Mock<IAwardStore>(MockBehavior.Strict);
        awards.Setup(a => a.TryAwardFromStockAsync(It.IsAny<Award>(), It.IsAny<int>(), It.IsAny<bool>(), It.IsAny<OutboxEvent>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(StockOutcome.SoldOut);
        awards.Setup(a => a.ListForEntrantAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        return SpotPrizes(awards.Object, clock);
    }

    /// <summary>The award service over <paramref name="awards"/>, with no voucher codes, no disqualified entrant and no instant seed.</summary>
    public static AwardService SpotPrizes(IAwardStore awards, TimeProvider clock)
    {
        var disqualified = new Mock<IDisqualificationStore>(MockBehavior.Strict);
        disqualified.Setup(d => d.ListAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        var seeds = new Mock<IInstantSeedStore>(MockBehavior.Strict);
        seeds.Setup(s => s.FindSeedAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((byte[]?)null);
        var codes = new Mock<IVoucherStore>(MockBehavior.Strict);
        codes.Setup(v => v.IssueAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((string?)null);
        return new AwardService(awards, clock, new VoucherIssuer(awards, codes.Object, clock), seeds.Object, disqualified.Object);
    }

    /// <summary>Nobody disqualified; fraud signals tallied in memory and never flushed.</summary>
    public static Core.Fraud.EntryWatch UnflushedWatch()
    {
        var disqualified = new Mock<IDisqualificationStore>(MockBehavior.Strict);
        disqualified.Setup(d => d.ListAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        return new Core.Fraud.EntryWatch(new Core.Fraud.SignalTally(Mock.Of<Core.Fraud.ISignalAggregateStore>(MockBehavior.Strict), new FigureOptions()),
            new Core.Fraud.DisqualifiedEntrants(disqualified.Object));
    }

    /// <summary>Figures tallied in memory; nothing is written unless the test flushes, which these tests do not.</summary>
    public static EntryFigures UnflushedFigures(PublicCampaignCatalog catalog, ICampaignStore campaigns, TimeProvider clock) =>
        new(Mock.Of<IFigureStore>(MockBehavior.Strict), catalog, campaigns, clock, new FigureOptions(), Mock.Of<IEntryStore>(MockBehavior.Strict));
}

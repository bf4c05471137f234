using FanRewards.Core.Awards;
using FanRewards.Core.Entries;
using FanRewards.Core.Outbox;
using Moq;

namespace FanRewards.Functions.Tests.Support;

/// <summary>
/// The award service of tests about entering alone: every prize is gone, nobody is disqualified, no instant-win seed
/// exists, and nobody has won anything. Entries then win nothing on the spot and cost no storage request for it.
/// </summary>
internal static class NoSpotPrizes
{
    public static AwardService Service(TimeProvider clock)
    {
        var awards = new Mock<IAwardStore>(MockBehavior.Strict);
        awards.Setup(a => a.TryAwardFromStockAsync(It.IsAny<Award>(), It.IsAny<int>(), It.IsAny<bool>(), It.IsAny<OutboxEvent>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(StockOutcome.SoldOut);
        awards.Setup(a => a.ListForEntrantAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        var disqualified = new Mock<IDisqualificationStore>(MockBehavior.Strict);
        disqualified.Setup(d => d.ListAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        var seeds = new Mock<IInstantSeedStore>(MockBehavior.Strict);
        seeds.Setup(s => s.FindSeedAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((byte[]?)null);
        return new AwardService(awards.Object, clock, new VoucherIssuer(awards.Object, Mock.Of<IVoucherStore>(MockBehavior.Strict), clock),
            seeds.Object, disqualified.Object);
    }
}

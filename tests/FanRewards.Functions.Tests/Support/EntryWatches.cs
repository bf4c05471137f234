using FanRewards.Core.Awards;
using FanRewards.Core.Entries;
using FanRewards.Core.Figures;
using FanRewards.Core.Fraud;
using FanRewards.Storage;
using Moq;

namespace FanRewards.Functions.Tests.Support;

/// <summary>The entry path's fraud watch as the wiring builds it: a signal tally and the disqualified refused through a short-lived copy.</summary>
public static class EntryWatches
{
    public static EntryWatch Over(StorageTables tables, TimeProvider clock) => Over(new SignalTally(new TableSignalAggregateStore(tables), new FigureOptions()),
        new TableDisqualificationStore(tables), clock);

    public static EntryWatch Over(SignalTally tally, IDisqualificationStore disqualified, TimeProvider clock) =>
        new(tally, new DisqualifiedEntrants(new CachingDisqualificationStore(disqualified, clock, AwardService.DisqualifiedFreshFor)));

    /// <summary>For tests without storage: nobody disqualified, a tally that is never flushed.</summary>
    public static EntryWatch WithoutStorage()
    {
        var none = new Mock<IDisqualificationStore>();
        none.Setup(s => s.ListAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        return new EntryWatch(new SignalTally(Mock.Of<ISignalAggregateStore>(), new FigureOptions()), new DisqualifiedEntrants(none.Object));
    }
}

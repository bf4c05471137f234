using FanRewards.DevHost.Tests.Support.TestFunctions;
using FanRewards.Testing;
using Microsoft.Azure.Functions.Worker;

namespace FanRewards.DevHost.Tests.Timers;

[Collection(AzuriteCollection.Name)]
public sealed class TimerFunctionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_every_second_schedule_fires_repeatedly_with_its_schedule_status()
    {
        await using var devHost = await TestDevHost.StartAsync(azurite.ConnectionString, [typeof(TimerTestFunctions)]);

        await Poll.UntilAsync(() => devHost.Recorder().Of("EverySecond").Count >= 2,
            TimeSpan.FromSeconds(10), "two runs of the every-second timer");

        var runs = devHost.Recorder().Of("EverySecond").Select(i => (TimerInfo)i.Arguments[0]!).ToList();
        // No assertion on IsPastDue: on a loaded machine a run may really start more than a second late.
        Assert.All(runs, run => Assert.True(run.ScheduleStatus!.Next > run.ScheduleStatus.Last));
        Assert.Equal(default, runs[0].ScheduleStatus!.Last);
        // The second run knows the first one's occurrence, a whole second before the occurrence it was told is next.
        Assert.Equal(runs[0].ScheduleStatus!.Next.AddSeconds(-1), runs[1].ScheduleStatus!.Last);
    }
}

using Microsoft.Azure.Functions.Worker;

namespace FanRewards.DevHost.Tests.Support.TestFunctions;

public sealed class TimerTestFunctions(InvocationRecorder recorder)
{
    [Function("EverySecond")]
    public void EverySecond([TimerTrigger("* * * * * *")] TimerInfo timer) => recorder.Record("EverySecond", timer);
}

using Microsoft.Azure.Functions.Worker;

namespace FanRewards.DevHost.Tests.Support.TestFunctions;

public sealed class QueueTestFunctions(InvocationRecorder recorder)
{
    public const string WorkQueueSetting = "Tests:WorkQueue";
    public const string FailingQueueSetting = "Tests:FailingQueue";

    [Function("DoWork")]
    public Task DoWork(
        [QueueTrigger($"%{WorkQueueSetting}%")] WorkOrder order, long dequeueCount, string id,
        DateTimeOffset insertionTime, CancellationToken cancellationToken)
    {
        recorder.Record("DoWork", order, dequeueCount, id, insertionTime);
        return Task.CompletedTask;
    }

    [Function("AlwaysFail")]
    public void AlwaysFail([QueueTrigger($"%{FailingQueueSetting}%")] string body, int dequeueCount)
    {
        recorder.Record("AlwaysFail", body, dequeueCount);
        throw new InvalidOperationException("This function fails on every message.");
    }
}

public sealed record WorkOrder(string CampaignId, int Tickets);

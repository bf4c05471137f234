using System.Text.Json;
using Azure.Storage.Queues;
using FanRewards.Core.Draws;
using FanRewards.Core.Json;
using FanRewards.Core.Telemetry;

namespace FanRewards.Storage;

/// <summary>The draw's steps as Azure Storage Queue messages, read by the queue-triggered functions in <c>DrawQueueFunctions</c>.</summary>
public sealed class StorageDrawQueue(QueueServiceClient queues) : IDrawQueue
{
    public const string StartQueue = "draw-start";
    public const string ShardQueue = "draw-shard";
    public const string MergeQueue = "draw-merge";

    private readonly OnceUntilDone _created = new(() => Task.WhenAll(
        new[] { StartQueue, ShardQueue, MergeQueue }.Select(name => queues.GetQueueClient(name).CreateIfNotExistsAsync())));

    public Task EnqueueStartAsync(DrawStep step, CancellationToken ct) => SendAsync(StartQueue, step, ct);
    public Task EnqueueShardAsync(DrawStep step, int bucket, CancellationToken ct) => SendAsync(ShardQueue, step with { Bucket = bucket }, ct);
    public Task EnqueueMergeAsync(DrawStep step, CancellationToken ct) => SendAsync(MergeQueue, step, ct);

    private async Task SendAsync(string queue, DrawStep step, CancellationToken ct)
    {
        await _created.WaitAsync(ct);
        // A step carries the trace it was asked for in, so the start, the shards and the merge join the request's trace.
        step = step with { TraceParent = step.TraceParent ?? FanRewardsTelemetry.CurrentTraceParent() };
        await queues.GetQueueClient(queue).SendMessageAsync(JsonSerializer.Serialize(step, FanRewardsJson.Options), ct);
    }
}

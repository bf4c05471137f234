using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Storage.Queues;
using FanRewards.Core.Json;
using FanRewards.Core.Steps;

namespace FanRewards.Storage;

/// <summary>
/// Background steps as Azure Storage Queue messages: the step as JSON, base64-encoded by the client (the Functions host
/// reads queue messages as base64), read by the queue-triggered functions that listen on the queue's name.
/// </summary>
public sealed class StorageStepQueue(QueueServiceClient queues) : IStepQueue
{
    /// <summary>Each queue is created once per process, on its first step.</summary>
    private readonly ConcurrentDictionary<string, OnceUntilDone> _created = new(StringComparer.Ordinal);

    public async Task EnqueueAsync<TStep>(StepQueue<TStep> queue, TStep step, CancellationToken ct) where TStep : class
    {
        var client = queues.GetQueueClient(queue.Name);
        await _created.GetOrAdd(queue.Name, _ => new OnceUntilDone(() => client.CreateIfNotExistsAsync())).WaitAsync(ct);
        await client.SendMessageAsync(JsonSerializer.Serialize(step, FanRewardsJson.Options), ct);
    }
}

namespace FanRewards.Core.Steps;

/// <summary>
/// Where every background step waits for its worker: the draw's start, shards and merge, and the top-N close. Delivery
/// is at least once and a step may die half-way, so each step's handler is repeatable. Azure Storage Queues in both hosts.
/// </summary>
public interface IStepQueue
{
    /// <summary>Sends <paramref name="step"/> to <paramref name="queue"/>, whose queue-triggered function runs it.</summary>
    Task EnqueueAsync<TStep>(StepQueue<TStep> queue, TStep step, CancellationToken ct) where TStep : class;
}

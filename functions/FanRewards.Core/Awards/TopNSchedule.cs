using FanRewards.Core.Steps;

namespace FanRewards.Core.Awards;

/// <summary>The top-N queue: one step per activity to rank and award once its campaign has closed.</summary>
public static class TopNQueue
{
    public const string Name = "award-topn";

    public static readonly StepQueue<TopNStep> Steps = new(Name);
}

/// <summary>
/// The top-N timer's work: the steps that are due (<see cref="TopNService.FindDueAsync"/>) go to their queue through the
/// same port as the draw's steps, and the queue-triggered function runs each (<see cref="TopNService.AwardAsync"/>).
/// </summary>
public sealed class TopNSchedule(TopNService topN, IStepQueue steps)
{
    /// <summary>Queues every due step; returns how many.</summary>
    public async Task<int> EnqueueDueAsync(CancellationToken ct)
    {
        var due = await topN.FindDueAsync(ct);
        foreach (var step in due) await steps.EnqueueAsync(TopNQueue.Steps, step, ct);
        return due.Count;
    }
}

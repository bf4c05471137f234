using FanRewards.Core.Draws;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FanRewards.Functions.Draws;

/// <summary>
/// The draw's background steps. Each may be delivered more than once and may die half-way; the service makes every
/// step repeatable, and a message that fails five times lands in the poison queue while the timer nudges the draw on.
/// </summary>
public sealed class DrawQueueFunctions(DrawRunner draws, ILogger<DrawQueueFunctions> logger)
{
    [Function(nameof(StartDraw))]
    public async Task StartDraw([QueueTrigger(DrawQueues.StartName)] DrawStep step, CancellationToken cancellationToken)
    {
        logger.LogInformation("Starting draw {CampaignId}/{DrawId} ({StartedBy})", step.CampaignId, step.DrawId, step.StartedBy);
        await draws.StartAsync(step, cancellationToken);
    }

    [Function(nameof(RunDrawShard))]
    public async Task RunDrawShard([QueueTrigger(DrawQueues.ShardName)] DrawStep step, CancellationToken cancellationToken)
    {
        logger.LogInformation("Draw shard {CampaignId}/{DrawId}/{Bucket}", step.CampaignId, step.DrawId, step.Bucket);
        await draws.RunShardAsync(step, cancellationToken);
    }

    [Function(nameof(MergeDraw))]
    public async Task MergeDraw([QueueTrigger(DrawQueues.MergeName)] DrawStep step, CancellationToken cancellationToken)
    {
        logger.LogInformation("Merging draw {CampaignId}/{DrawId}", step.CampaignId, step.DrawId);
        await draws.MergeAsync(step, cancellationToken);
    }

    /// <summary>Every 15 seconds: start the draws whose time has come (20:00 on Lantern Festival) and nudge stalled ones.</summary>
    [Function(nameof(DrawSchedule))]
    public async Task DrawSchedule([TimerTrigger("*/15 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var started = await draws.TickAsync(cancellationToken);
        if (started > 0) logger.LogInformation("Draw schedule started or nudged {Count} draws", started);
    }
}

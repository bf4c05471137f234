using FanRewards.Core.Steps;

namespace FanRewards.Core.Draws;

/// <summary>The draw's three queues: a start per draw, a step per shard (bucket), and the merge.</summary>
public static class DrawQueues
{
    public const string StartName = "draw-start";
    public const string ShardName = "draw-shard";
    public const string MergeName = "draw-merge";

    public static readonly StepQueue<DrawStep> Start = new(StartName);
    /// <summary>A shard's step names its bucket (<see cref="DrawStep.Bucket"/>).</summary>
    public static readonly StepQueue<DrawStep> Shard = new(ShardName);
    public static readonly StepQueue<DrawStep> Merge = new(MergeName);
}

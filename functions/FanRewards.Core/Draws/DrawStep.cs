namespace FanRewards.Core.Draws;

/// <summary>
/// A queue message of the draw (<see cref="DrawQueues"/>): which draw (and, for a shard, which bucket), and the W3C
/// traceparent of the step that enqueued it, so that the HTTP request or timer tick, the start, the shards and the merge
/// form one trace.
/// </summary>
/// <param name="Phase">A shard step's pass: null for the seal's scan (as every step before witnesses), "score" for scoring the sealed set.</param>
public sealed record DrawStep(string CampaignId, string DrawId, int? Bucket = null, string? StartedBy = null, string? TraceParent = null,
    string? Phase = null)
{
    public const string ScorePhase = "score";

    public DrawPhase ShardPhase => Phase == ScorePhase ? DrawPhase.Score : DrawPhase.Seal;
}

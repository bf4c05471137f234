namespace FanRewards.Core.Draws;

/// <summary>One shard's outcome: how many eligible entrants its partition held, and its best k+m.</summary>
public sealed record ShardResult(int Bucket, long Eligible, IReadOnlyList<ScoredEntry> Top);

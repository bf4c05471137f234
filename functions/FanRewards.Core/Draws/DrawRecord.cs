namespace FanRewards.Core.Draws;

public enum DrawState { Scheduled, Running, Drawn }

/// <summary>
/// A draw as stored: a state machine whose every step is guarded by the ETag, so that two triggers, a redelivered
/// message or a resumed crash all end in the one result. The seed is here and nowhere else until it is revealed.
/// </summary>
public sealed record DrawRecord
{
    public required string CampaignId { get; init; }
    public required string DrawId { get; init; }
    public required DateTimeOffset At { get; init; }
    public required DrawState State { get; init; }
    public required byte[] Seed { get; init; }
    public required string Commitment { get; init; }
    public required int Shards { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    /// <summary>Who started it: "schedule" or "manual:{actor}".</summary>
    public string? StartedBy { get; init; }
    public string? EntrySetDigest { get; init; }
    public long? EntryCount { get; init; }
    public IReadOnlyList<DrawTier>? Tiers { get; init; }
    public int? Alternates { get; init; }
    public DateTimeOffset? DrawnAt { get; init; }
    public string? ETag { get; init; }

    /// <summary>
    /// How many ranks the draw keeps (its winners, the tiers' counts, then its alternates): fixed when it started, so a
    /// draw still scheduled has none to tell.
    /// </summary>
    public int RankedCount => StartedTiers.Sum(t => t.Count) + (Alternates ?? throw NotStarted());

    /// <summary>The prize tiers, fixed when the draw started.</summary>
    public IReadOnlyList<DrawTier> StartedTiers => Tiers ?? throw NotStarted();

    private InvalidOperationException NotStarted() =>
        new($"Draw '{DrawId}' of campaign '{CampaignId}' has not started: its tiers and alternates are not fixed yet.");
}

namespace FanRewards.Core.Draws;

/// <summary>
/// Who works on one step of a running draw (a shard's scan, or the merge when <see cref="Bucket"/> is null), and when
/// its message was last sent. A worker takes the lease before it starts and renews it while it works, so a second
/// delivery of the same message, or the timer, sees that someone is alive on it; a worker that dies stops renewing and
/// its lease lapses, which is what lets the timer send the step again. Every write is guarded by the ETag.
/// </summary>
public sealed record StepLease
{
    public required string CampaignId { get; init; }
    public required string DrawId { get; init; }
    /// <summary>The shard's bucket; null for the merge.</summary>
    public int? Bucket { get; init; }
    /// <summary>The seal's scan or the witnesses' scoring pass (a shard's lease only; the merge has one lease).</summary>
    public DrawPhase Phase { get; init; }
    /// <summary>The run that holds the lease, until <see cref="Expires"/>; null when nobody does.</summary>
    public string? Holder { get; init; }
    public DateTimeOffset? Expires { get; init; }
    /// <summary>When a worker last took the lease.</summary>
    public DateTimeOffset? TakenAt { get; init; }
    /// <summary>When the step's message was last sent.</summary>
    public DateTimeOffset? EnqueuedAt { get; init; }
    /// <summary>The shard's done marker is written (set after it, so a done marker without it is possible after a crash).</summary>
    public bool Done { get; init; }
    /// <summary>Null for a lease not stored yet: its first write is an insert.</summary>
    public string? ETag { get; init; }

    public static StepLease New(DrawRecord draw, int? bucket, DrawPhase phase = DrawPhase.Seal) =>
        new() { CampaignId = draw.CampaignId, DrawId = draw.DrawId, Bucket = bucket, Phase = bucket is null ? DrawPhase.Seal : phase };

    /// <summary>A worker holds it and has renewed it recently enough.</summary>
    public bool IsHeldAt(DateTimeOffset now) => Holder is not null && Expires > now;

    /// <summary>Its message was sent after the last worker took it, not so long ago that it must have been lost.</summary>
    public bool IsWaitingAt(DateTimeOffset now, TimeSpan pickupTimeout) =>
        EnqueuedAt is { } sent && (TakenAt is null || TakenAt < sent) && now - sent < pickupTimeout;

    /// <summary>
    /// Nobody works on it and no message for it is on its way: never sent, its worker died (the lease lapsed) or gave
    /// it back after a failure, or its message was never picked up (the poison queue, a lost send).
    /// </summary>
    public bool NeedsSendingAt(DateTimeOffset now, TimeSpan pickupTimeout) =>
        !Done && !IsHeldAt(now) && !IsWaitingAt(now, pickupTimeout);
}

/// <summary>A row of the due index: an unfinished draw and from when the timer should look at it.</summary>
public sealed record DueDraw(string CampaignId, string DrawId, DateTimeOffset DueAt);

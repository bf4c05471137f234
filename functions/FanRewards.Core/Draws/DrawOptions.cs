namespace FanRewards.Core.Draws;

/// <summary>The timings and sizes of a draw's steps (settings: DrawLeaseSeconds, DrawLeaseRenewalSeconds).</summary>
public sealed record DrawOptions
{
    private readonly TimeSpan? _leaseRenewal;

    /// <summary>
    /// How long a step's lease (a shard's scan, the merge) lasts unless renewed: a dead worker's step is sent again
    /// this long after its last renewal, plus up to one timer tick.
    /// </summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a working step renews its lease; by default a third of the duration, so two renewals may fail in a row.</summary>
    public TimeSpan LeaseRenewal { get => _leaseRenewal ?? LeaseDuration / 3; init => _leaseRenewal = value; }

    /// <summary>
    /// A step whose message was sent this long ago and that no worker has taken since is sent again (its message was
    /// lost or went to the poison queue). A second message for a step is harmless: the lease lets one worker run it.
    /// </summary>
    public TimeSpan PickupTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Entries per stored chunk of the entry set (about 70 bytes each): few writes, and a shard holds at most one chunk
    /// in memory, so a draw holds at most shards × chunk entries however large the set.
    /// </summary>
    public int ChunkSize { get; init; } = 2_000;
}

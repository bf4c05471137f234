namespace FanRewards.Core.Draws;

/// <summary>
/// Scheduled → Sealing (at the cutoff: the entry set is being fixed) → Sealed (its digest and count stored and public)
/// → Running (its time has come, or an admin asked, and every witness has revealed or been excused) → Drawn.
/// </summary>
public enum DrawState { Scheduled, Running, Drawn, Sealing, Sealed }

/// <summary>Which pass over the entries a shard step is: the seal's scan of Entries, or (with witnesses) the scoring of the sealed chunks.</summary>
public enum DrawPhase { Seal, Score }

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
    /// <summary>The entry cutoff known at publish (the timer starts the seal from it); null for draws stored before sealing.</summary>
    public DateTimeOffset? SealAt { get; init; }
    /// <summary>When the seal stored the entry set's digest and count.</summary>
    public DateTimeOffset? SealedAt { get; init; }
    /// <summary>The witnesses fixed at publish, in listed order, with their reveals and excuses.</summary>
    public IReadOnlyList<DrawWitness> Witnesses { get; init; } = [];
    /// <summary>After it an admin may excuse a witness who has not revealed.</summary>
    public DateTimeOffset? RevealBy { get; init; }
    public string? ETag { get; init; }

    public bool HasWitnesses => Witnesses.Count > 0;

    /// <summary>The witnesses the draw still waits for: neither revealed nor excused.</summary>
    public IReadOnlyList<string> WaitingFor => Witnesses.Where(w => w.State == WitnessState.Waiting).Select(w => w.Id).ToList();

    /// <summary>The seed that scores the draw: the committed seed mixed with every revealed secret in listed order.</summary>
    public byte[] DrawSeed() => Fairness.DrawScoring.DrawSeed(Seed,
        Witnesses.Where(w => w.Secret is not null).Select(w => Convert.FromHexString(w.Secret ?? "")).ToList());

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

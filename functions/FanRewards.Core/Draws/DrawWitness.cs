namespace FanRewards.Core.Draws;

public enum WitnessState { Waiting, Revealed, Excused }

/// <summary>
/// A witness of a draw as stored in its record: fixed at publish (id, name, commitment), then revealed (the secret,
/// public from then on) or excused by an admin after the draw's reveal deadline.
/// </summary>
public sealed record DrawWitness
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    /// <summary>SHA-256 of the secret, 64 lowercase hex.</summary>
    public required string Commitment { get; init; }
    /// <summary>The revealed secret, 64 lowercase hex; null until revealed.</summary>
    public string? Secret { get; init; }
    public DateTimeOffset? RevealedAt { get; init; }
    /// <summary>The excusing admin's display name: shown in the public proof, which names no object ids.</summary>
    public string? ExcusedBy { get; init; }
    /// <summary>The excusing admin's object id, kept for the audit only (null on witnesses excused before admins signed in as themselves).</summary>
    public string? ExcusedById { get; init; }
    public DateTimeOffset? ExcusedAt { get; init; }
    public string? ExcuseReason { get; init; }

    public WitnessState State => Secret is not null ? WitnessState.Revealed : ExcusedAt is not null ? WitnessState.Excused : WitnessState.Waiting;
}

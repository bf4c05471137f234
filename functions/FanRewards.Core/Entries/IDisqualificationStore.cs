namespace FanRewards.Core.Entries;

/// <summary>The entrants disqualified from a campaign; a disqualification is never deleted.</summary>
public interface IDisqualificationStore
{
    /// <summary>Records the disqualification; false when the entrant was already disqualified (the first record stands).</summary>
    Task<bool> TryAddAsync(Disqualification disqualification, CancellationToken ct);
    Task<Disqualification?> FindAsync(string campaignId, string entrantId, CancellationToken ct);
    Task<IReadOnlyList<Disqualification>> ListAsync(string campaignId, CancellationToken ct);
}

namespace FanRewards.Core.Awards;

/// <summary>The contacts winners gave to receive their prizes, kept apart from entries for the retention period only.</summary>
public interface IClaimContactStore
{
    Task SaveAsync(ClaimContact contact, CancellationToken ct);
    Task<ClaimContact?> FindAsync(string campaignId, string awardId, CancellationToken ct);
    Task<IReadOnlyList<ClaimContact>> ListAsync(string campaignId, CancellationToken ct);
    /// <summary>Deletes the campaign's contacts whose retention has ended; returns how many.</summary>
    Task<int> DeleteExpiredAsync(string campaignId, DateTimeOffset now, CancellationToken ct);
}

namespace FanRewards.Core.Awards;

/// <summary>The secret seeds of instant-win activities, made at publish and kept like a draw's.</summary>
public interface IInstantSeedStore
{
    /// <summary>The activity's commitment, making its seed first if there is none yet (a retried publish reuses it).</summary>
    Task<string> EnsureAsync(string campaignId, string activityId, CancellationToken ct);
    Task<byte[]?> FindSeedAsync(string campaignId, string activityId, CancellationToken ct);
}

using FanRewards.Core.Draws;

namespace FanRewards.Core.Awards;

/// <summary>
/// Instant win by the draw's own verifiable rule, so the organiser cannot pick: each activity has a secret seed whose
/// SHA-256 is published with the campaign; an accepted entry wins when u = HMAC-SHA256(seed,
/// "campaignId|instant-{activityId}|{entry key}") taken as a 53-bit fraction is below the activity's win probability,
/// while stock lasts. The seed is revealed when entries close, and every entrant can recompute their own u.
/// </summary>
public static class InstantWin
{
    public static string DrawIdFor(string activityId) => $"instant-{activityId}";

    public static double Uniform(ReadOnlySpan<byte> seed, string campaignId, string activityId, string entryKey) =>
        DrawScoring.Uniform(seed, campaignId, DrawIdFor(activityId), entryKey);

    public static bool Wins(ReadOnlySpan<byte> seed, string campaignId, string activityId, string entryKey, double probability) =>
        Uniform(seed, campaignId, activityId, entryKey) < probability;
}

/// <summary>The secret seeds of instant-win activities, made at publish and kept like a draw's.</summary>
public interface IInstantSeedStore
{
    /// <summary>The activity's commitment, making its seed first if there is none yet (a retried publish reuses it).</summary>
    Task<string> EnsureAsync(string campaignId, string activityId, CancellationToken ct);
    Task<byte[]?> FindSeedAsync(string campaignId, string activityId, CancellationToken ct);
}

/// <summary>
/// What anyone may check of an instant-win activity: its probability and commitment from the start, its seed only once
/// entries have closed (before that, the seed would tell people which entries will win).
/// </summary>
public sealed class InstantWinProofs(Campaigns.PublicCampaignCatalog catalog, IInstantSeedStore seeds, TimeProvider clock)
{
    public async Task<InstantWinProof> GetAsync(string campaignId, string activityId, CancellationToken ct)
    {
        var campaign = await catalog.FindVisibleAsync(campaignId, ct) ?? throw new ProblemException(Problem.NotFound("campaign", campaignId));
        if (campaign.Model.FindActivity(activityId)?.Award is not Campaigns.Model.InstantAward instant)
            throw new ProblemException(Problem.NotFound("instant-win activity", activityId));
        var closed = campaign.StatusAt(clock.GetUtcNow()) is Campaigns.CampaignStatus.Closed or Campaigns.CampaignStatus.Drawn
            or Campaigns.CampaignStatus.Archived;
        var seed = closed ? await seeds.FindSeedAsync(campaign.Id, activityId, ct) : null;
        var drawId = InstantWin.DrawIdFor(activityId);
        return new InstantWinProof(campaign.Id, activityId, instant.WinProbability,
            campaign.DrawCommitments.GetValueOrDefault(drawId), seed is null ? null : Convert.ToHexStringLower(seed),
            $"{campaign.Id}|{drawId}|{{your entry key}}");
    }
}

public sealed record InstantWinProof(string CampaignId, string ActivityId, double WinProbability, string? Commitment, string? Seed,
    string Message);

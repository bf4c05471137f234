using FanRewards.Core.Fairness;

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

namespace FanRewards.Core;

/// <summary>
/// How long anyone (a browser, a CDN) may keep a public answer: the max-age of its Cache-Control. Settings with these
/// defaults (docs/SCALE.md, "Public reads"). Each instance also rechecks its own snapshots at most this often, so a
/// change made elsewhere shows at the origin within the max-age, and through a CDN within twice it.
/// </summary>
public sealed record PublicReadOptions
{
    /// <summary>The campaign page, the campaign list, leaderboards, instant-win proofs and a draw not drawn yet.</summary>
    public TimeSpan CampaignMaxAge { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Winners change only by a claim or a pass to an alternate; the campaign's awards version is checked this often.</summary>
    public TimeSpan WinnersMaxAge { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A drawn proof changes only when a prize passes on (it lists the passes): rare (a decline, or a claim deadline
    /// days later), the seed, digest and ranking never change, and /winners shows the new holder within its own
    /// max-age. So the largest public body can stay at the edge for minutes.
    /// </summary>
    public TimeSpan DrawnProofMaxAge { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A drawn draw's entry-set pages never change (the digest commits to them): a year, immutable.</summary>
    public TimeSpan EntrySetMaxAge { get; init; } = TimeSpan.FromDays(365);

    /// <summary>
    /// A snapshot is rebuilt at least this often even when nothing changed, so that claim contacts deleted at the end
    /// of their retention also leave the winners page of an instance that lives long.
    /// </summary>
    public TimeSpan SnapshotLifetime { get; init; } = TimeSpan.FromHours(1);
}

/// <summary>A public answer with how long it may be kept; an immutable one never changes at all.</summary>
public sealed record PublicRead<T>(T Value, TimeSpan MaxAge, bool Immutable = false) where T : notnull;

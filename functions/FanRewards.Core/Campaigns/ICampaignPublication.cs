namespace FanRewards.Core.Campaigns;

/// <summary>
/// What another feature prepares when a campaign is published or closed early, before the change is saved, so that
/// nothing the campaign then shows refers to something not stored yet (the draws make their seeds, instant wins
/// theirs, top N marks the close). Each step may run again: a publish that dies half-way leaves what a retry reuses.
/// The campaigns call these through this port, in the order the wiring registers them, and know none of them.
/// </summary>
public interface ICampaignPublication
{
    /// <summary>The commitments this feature publishes with the campaign, by draw id; empty when it has none.</summary>
    Task<IReadOnlyDictionary<string, string>> PublishingAsync(Campaign published, CancellationToken ct);

    /// <summary>Runs before an early close is saved (the close moved, so what waits for it moves too).</summary>
    Task ClosingAsync(Campaign closed, CancellationToken ct);
}

namespace FanRewards.Core.Campaigns;

/// <summary>
/// The campaigns anyone may see: published ones, neither drafts nor archived. Read through the short-lived cache
/// (<see cref="CachingCampaignStore"/>), never with a storage read per request.
/// </summary>
public sealed class PublicCampaignCatalog(CachingCampaignStore campaigns, TimeProvider clock)
{
    public async Task<IReadOnlyList<CampaignListItem>> ListVisibleAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var all = await campaigns.ListAsync(ct);
        return all.Select(s => s.Campaign)
            .Where(IsVisible)
            .OrderBy(c => c.OpensAt)
            .Select(c => CampaignListItem.From(c, now))
            .ToList();
    }

    /// <summary>The published campaign, or null when it does not exist, is a draft or is archived.</summary>
    public async Task<Campaign?> FindVisibleAsync(string campaignId, CancellationToken ct) =>
        (await campaigns.FindAsync(campaignId, ct))?.Campaign is { } campaign && IsVisible(campaign) ? campaign : null;

    /// <summary>An admin's own change shows at once on this instance; other instances see it within the expiry.</summary>
    public void Forget(string campaignId) => campaigns.Forget(campaignId);

    private static bool IsVisible(Campaign campaign) => campaign.Lifecycle is not (CampaignLifecycle.Draft or CampaignLifecycle.Archived);
}

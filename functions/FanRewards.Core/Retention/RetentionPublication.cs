using FanRewards.Core.Campaigns;
using FanRewards.Core.Due;

namespace FanRewards.Core.Retention;

/// <summary>
/// Marks when a campaign's personal data is to be deleted, at the publish and again at an early close (before the
/// campaign is saved, so that no published campaign is left unmarked); the sweep re-reads the campaign and moves a
/// mark that no longer fits.
/// </summary>
public sealed class RetentionPublication(DueLedger due) : ICampaignPublication
{
    private static readonly IReadOnlyDictionary<string, string> NoCommitments = new Dictionary<string, string>();

    public async Task<IReadOnlyDictionary<string, string>> PublishingAsync(Campaign published, CancellationToken ct)
    {
        await MarkAsync(published, ct);
        return NoCommitments;
    }

    public Task ClosingAsync(Campaign closed, CancellationToken ct) => MarkAsync(closed, ct);

    private async Task MarkAsync(Campaign campaign, CancellationToken ct)
    {
        if (PersonalDataRetention.MarkOf(campaign) is { } mark) await due.MarkAsync([mark], ct);
    }
}

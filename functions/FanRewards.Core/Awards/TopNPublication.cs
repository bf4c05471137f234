using FanRewards.Core.Campaigns;
using FanRewards.Core.Due;

namespace FanRewards.Core.Awards;

/// <summary>
/// The top-N timer finds a closed campaign through its mark at the close, written before the campaign is saved (at the
/// publish, and again at an early close) so that no campaign closes unmarked; a mark whose save then failed finds a
/// campaign still open, or a draft, and goes.
/// </summary>
public sealed class TopNPublication(DueLedger due) : ICampaignPublication
{
    private static readonly IReadOnlyDictionary<string, string> NoCommitments = new Dictionary<string, string>();

    public async Task<IReadOnlyDictionary<string, string>> PublishingAsync(Campaign published, CancellationToken ct)
    {
        await MarkCloseAsync(published, ct);
        return NoCommitments;
    }

    public Task ClosingAsync(Campaign closed, CancellationToken ct) => MarkCloseAsync(closed, ct);

    private async Task MarkCloseAsync(Campaign campaign, CancellationToken ct)
    {
        if (TopNService.CloseMarkOf(campaign) is { } mark) await due.MarkAsync([mark], ct);
    }
}

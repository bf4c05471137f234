using FanRewards.Core.Campaigns;
using FanRewards.Core.Campaigns.Model;
using FanRewards.Core.Entries;
using FanRewards.Core.Json;
using FanRewards.Core.Outbox;

namespace FanRewards.Core.Awards;

/// <summary>
/// Prizes won at the moment of entering: first come, first served while stock lasts. The award and the
/// "winner awarded" event are one storage operation; stock is one row per unit, so a burst cannot oversell it.
/// </summary>
public sealed class AwardService(IAwardStore awards, TimeProvider clock, VoucherIssuer vouchers, IInstantSeedStore seeds,
    IDisqualificationStore disqualified)
{
    /// <summary>
    /// How long the entry path may trust its copy of a campaign's disqualified entrants: the wiring gives this service a
    /// <see cref="CachingDisqualificationStore"/> this fresh.
    /// </summary>
    public static readonly TimeSpan DisqualifiedFreshFor = TimeSpan.FromSeconds(30);

    /// <summary>What an accepted entry may win on the spot: first come while stock lasts, or instantly by the committed seed.</summary>
    public async Task<Award?> OnAcceptedEntryAsync(Campaign campaign, CampaignActivity activity, EntryRecord entry, CancellationToken ct)
    {
        if (activity.Award is FirstComeAward firstCome) return await TryFromStockAsync(campaign, activity, firstCome.Count, entry, AwardedBy.FirstCome, ct);
        if (activity.Award is not InstantAward instant) return null;
        // Read through CachingInstantSeedStore in the wiring: a seed never changes once made.
        var seed = await seeds.FindSeedAsync(campaign.Id, activity.Id, ct);
        if (seed is null || !InstantWin.Wins(seed, campaign.Id, activity.Id, entry.RowKey, instant.WinProbability)) return null;
        return await TryFromStockAsync(campaign, activity, instant.Count, entry, AwardedBy.Instant, ct);
    }

    /// <summary>
    /// Gives the entrant the first prize tier of the activity that still has stock (tiers in order, and no more than
    /// the activity's winner count over all tiers); null when it is gone or the entrant has won already.
    /// </summary>
    public Task<Award?> TryFirstComeAsync(Campaign campaign, CampaignActivity activity, EntryRecord entry, CancellationToken ct) =>
        activity.Award is FirstComeAward firstCome
            ? TryFromStockAsync(campaign, activity, firstCome.Count, entry, AwardedBy.FirstCome, ct)
            : Task.FromResult<Award?>(null);

    /// <param name="winners">How many the activity gives over all its tiers.</param>
    private async Task<Award?> TryFromStockAsync(Campaign campaign, CampaignActivity activity, int winners, EntryRecord entry, AwardedBy mode,
        CancellationToken ct)
    {
        if (activity.Award is not { } award) return null;
        // Asked only for a would-be winner, so the hot path of entering pays nothing for it.
        if (await IsDisqualifiedAsync(campaign.Id, entry.Pseudonym, ct)) return null;
        var left = winners;
        foreach (var prizeId in award.PrizeIds)
        {
            if (campaign.Model.FindPrize(prizeId) is not { } prize || left <= 0) continue;
            var stock = Math.Min(prize.Count, left);
            left -= stock;
            var now = clock.GetUtcNow();
            var outcome = await awards.TryAwardFromStockAsync(new Award
            {
                CampaignId = campaign.Id, AwardId = "", PrizeId = prizeId, ActivityId = activity.Id, Pseudonym = entry.Pseudonym,
                EntrantId = entry.EntrantId, Mode = mode, AwardedAt = now, ClaimDeadline = campaign.Model.ClaimDeadlineOf(prize),
            }, stock, oneWinPerEntrant: !campaign.Model.AllowMultipleWins,
                new OutboxEvent(campaign.Id, $"awarded-{WireName.Of(mode).ToLowerInvariant()}-{prizeId}", EventTypes.WinnerAwarded, now, ""), ct);
            if (outcome.AlreadyWon) return null; // one win per campaign: no other tier either
            if ((outcome.Given is null ? stock : outcome.UnitsTaken) is { } taken) Telemetry.FanRewardsTelemetry.StockSeen(campaign.Id, prizeId, stock, taken);
            if (outcome.Given is null) continue;
            Telemetry.FanRewardsTelemetry.Awarded(WireName.Of(mode));
            return await vouchers.IssueAsync(campaign, outcome.Given, showingToWinner: true, ct);
        }
        return null;
    }

    /// <summary>
    /// Asked of the store the wiring gives this service: a copy of the list kept for a few seconds per instance
    /// (<see cref="CachingDisqualificationStore"/>), as a burst asks it for every would-be winner.
    /// </summary>
    private async Task<bool> IsDisqualifiedAsync(string campaignId, string pseudonym, CancellationToken ct) =>
        (await disqualified.ListAsync(campaignId, ct)).Any(d => d.Pseudonym == pseudonym);

    /// <summary>
    /// The entrant's awards as they are about to be shown to them. A voucher code shown for the first time is recorded
    /// as shown first (ETag-guarded, so a decline at the same moment either lands before, and the code is not shown, or
    /// finds it recorded and is refused); a code whose record could not be written is left out of the view.
    /// </summary>
    public async Task<IReadOnlyList<Award>> ShowMineAsync(string campaignId, string pseudonym, CancellationToken ct)
    {
        var mine = await awards.ListForEntrantAsync(campaignId, pseudonym, ct);
        var shown = new List<Award>(mine.Count);
        foreach (var award in mine) shown.Add(IsCodeAboutToShow(award) ? await RecordShownAsync(award, ct) : award);
        return shown;
    }

    private static bool IsCodeAboutToShow(Award award) =>
        award.VoucherCode is not null && award.CodeShownAt is null && award.Status is AwardStatus.Awarded or AwardStatus.Claimed;

    private async Task<Award> RecordShownAsync(Award award, CancellationToken ct)
    {
        var current = award;
        for (var attempt = 0; attempt < 5 && IsCodeAboutToShow(current); attempt++)
        {
            var shown = current with { CodeShownAt = clock.GetUtcNow() };
            if (await awards.TryUpdateAsync(shown, [], ct)) return shown;
            // Someone changed it first (a decline, a pass, the code's own issue): the award as it is now decides.
            if (await awards.FindAsync(award.CampaignId, award.AwardId, ct) is not { } now) break;
            current = now;
        }
        // Not recorded: the view leaves the code out (MyAward shows a code only with its record).
        return current;
    }
}

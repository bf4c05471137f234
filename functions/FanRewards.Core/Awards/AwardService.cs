using FanRewards.Core.Campaigns;
using FanRewards.Core.Campaigns.Model;
using FanRewards.Core.Entries;
using FanRewards.Core.Json;

namespace FanRewards.Core.Awards;

/// <summary>
/// Prizes won at the moment of entering: first come, first served while stock lasts. The award and the
/// "winner awarded" event are one storage operation; stock is one row per unit, so a burst cannot oversell it.
/// </summary>
public sealed class AwardService(IAwardStore awards, TimeProvider clock, VoucherIssuer vouchers, IInstantSeedStore seeds,
    IDisqualificationStore disqualified)
{
    /// <summary>How long this instance trusts its copy of a campaign's disqualified entrants.</summary>
    private static readonly TimeSpan DisqualifiedFreshFor = TimeSpan.FromSeconds(30);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (DateTimeOffset Until, Task<HashSet<string>> Pseudonyms)> _disqualified =
        new(StringComparer.Ordinal);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task<byte[]?>> _seeds = new(StringComparer.Ordinal);

    /// <summary>What an accepted entry may win on the spot: first come while stock lasts, or instantly by the committed seed.</summary>
    public async Task<Award?> OnAcceptedEntryAsync(Campaign campaign, CampaignActivity activity, EntryRecord entry, CancellationToken ct)
    {
        if (activity.Award is FirstComeAward firstCome) return await TryFromStockAsync(campaign, activity, firstCome.Count, entry, AwardedBy.FirstCome, ct);
        if (activity.Award is not InstantAward instant) return null;
        // The seed never changes once made, so each instance reads it once.
        var seed = await _seeds.GetOrAdd($"{campaign.Id}|{activity.Id}", _ => seeds.FindSeedAsync(campaign.Id, activity.Id, CancellationToken.None));
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
        if (await IsDisqualifiedAsync(campaign.Id, entry.Pseudonym)) return null;
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
            if (outcome.Given is null) continue;
            Telemetry.FanRewardsTelemetry.Awarded(WireName.Of(mode));
            return await vouchers.IssueAsync(campaign, outcome.Given, ct);
        }
        return null;
    }

    private async Task<bool> IsDisqualifiedAsync(string campaignId, string pseudonym)
    {
        var now = clock.GetUtcNow();
        if (!_disqualified.TryGetValue(campaignId, out var known) || known.Until <= now || known.Pseudonyms.IsFaulted)
        {
            known = (now + DisqualifiedFreshFor, LoadDisqualifiedAsync(disqualified, campaignId));
            _disqualified[campaignId] = known;
        }
        return (await known.Pseudonyms).Contains(pseudonym);
    }

    private static async Task<HashSet<string>> LoadDisqualifiedAsync(IDisqualificationStore store, string campaignId) =>
        (await store.ListAsync(campaignId, CancellationToken.None)).Select(d => d.Pseudonym).ToHashSet(StringComparer.Ordinal);

    public Task<IReadOnlyList<Award>> ListMineAsync(string campaignId, string pseudonym, CancellationToken ct) =>
        awards.ListForEntrantAsync(campaignId, pseudonym, ct);
}

/// <summary>A prize as its winner sees it: its status and claim deadline, their own voucher code included, nobody else's.</summary>
public sealed record MyAward(string AwardId, string PrizeId, string? PrizeName, AwardedBy Mode, AwardStatus Status, string AwardedAt,
    string? ClaimDeadline, string? VoucherCode)
{
    public static MyAward From(Award a, Campaign campaign) => new(a.AwardId, a.PrizeId, campaign.Model.FindPrize(a.PrizeId)?.Name,
        a.Mode, a.Status, CampaignTime.Format(a.AwardedAt, campaign.Zone),
        a.ClaimDeadline is { } d ? CampaignTime.Format(d, campaign.Zone) : null, a.VoucherCode);
}

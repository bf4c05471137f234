using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Campaigns.Model;
using FanRewards.Core.Entries;

namespace FanRewards.Core.Draws;

/// <summary>A ranked entrant taken out after the seal: why ("disqualified" or "rejected"), by whom when known, and when.</summary>
public sealed record Withdrawal(AwardStatus Reason, Admins.AdminRef By, DateTimeOffset At);

/// <summary>
/// Decisions made after the seal: they never change the sealed set, but at award time a ranked entrant disqualified
/// since, or every one of whose counting entries has been rejected since, does not receive a prize; it passes on.
/// </summary>
public sealed partial class DrawEligibility
{
    /// <summary>The ranked entrants taken out after the draw's cutoff, by pseudonym.</summary>
    public async Task<IReadOnlyDictionary<string, Withdrawal>> WithdrawnAfterSealAsync(Campaign campaign, DrawRecord draw,
        IReadOnlyList<RankedEntry> ranking, CancellationToken ct)
    {
        var definition = campaign.Draws.First(d => d.Id == draw.DrawId);
        var cutoff = CutoffOf(campaign, definition);
        var ranked = ranking.Select(r => r.Pseudonym).ToHashSet(StringComparer.Ordinal);
        var result = new Dictionary<string, Withdrawal>(StringComparer.Ordinal);
        foreach (var d in await disqualified.ListAsync(campaign.Id, ct))
            if (d.At > cutoff && ranked.Contains(d.Pseudonym)) result[d.Pseudonym] = new Withdrawal(AwardStatus.Disqualified, d.By, d.At);
        if (!campaign.Model.AllowMultipleWins)
        {
            // One win per campaign is the entrant's one-win marker, which the draw's awards take (DrawWinnerAwards): a
            // prize won first come, judged or in another draw after the cutoff is found by it. Only prizes that write no
            // marker are read here: top N, and a prize passed on to an alternate.
            foreach (var award in await awards.ListAsync(campaign.Id, ct))
            {
                if (award is { Mode: AwardedBy.TopN or AwardedBy.DrawAlternate } && award.AwardedAt > cutoff && award.DrawId != draw.DrawId
                    && ranked.Contains(award.Pseudonym) && !result.ContainsKey(award.Pseudonym))
                {
                    result[award.Pseudonym] = new Withdrawal(AwardStatus.AlreadyWon, Awards.PrizePasses.OneWinRule, award.AwardedAt);
                }
            }
        }
        // Only moderated texts can be rejected: a draw fed by none reads no entries here.
        if (!definition.Activities.OfType<TextActivity>().Any()) return result;
        var activityIds = definition.Activities.Select(a => a.Id).ToList();
        foreach (var pseudonym in ranked.Where(p => !result.ContainsKey(p)))
        {
            var mine = await entries.ListForEntrantAsync(campaign.Id, Pseudonym.BucketOf(pseudonym, campaign.EntryBuckets), pseudonym, activityIds, ct);
            var counted = mine.Where(e => e.AcceptedAt <= cutoff && definition.Activities.FirstOrDefault(a => a.Id == e.ActivityId) is { } activity
                && WeightOf(activity, e, cutoff) is > 0).ToList();
            var rejectedSince = counted.Where(e => e.Kind is ActivityKind.Message or ActivityKind.Reflection && e.Status == EntryStatus.Rejected).ToList();
            if (counted.Count > 0 && rejectedSince.Count == counted.Count)
                result[pseudonym] = new Withdrawal(AwardStatus.Rejected, new Admins.AdminRef(null, "moderation"), rejectedSince.Max(e => e.DecidedAt ?? cutoff));
        }
        return result;
    }
}

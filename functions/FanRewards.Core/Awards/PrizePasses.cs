using FanRewards.Core.Campaigns;
using FanRewards.Core.Entries;
using FanRewards.Core.Json;
using FanRewards.Core.Outbox;

namespace FanRewards.Core.Awards;

/// <summary>
/// A prize passing on by the alternate rule: declined, unclaimed by the deadline, or its winner taken out after the
/// seal (disqualified, or the entry that counted rejected). The award ends with the reason as its status, the next
/// alternate gets it, and both stay on record with the event and the audit.
/// </summary>
public sealed class PrizePasses(
    IAwardStore awards, IDrawAlternates alternates, IDisqualificationStore disqualified, TimeProvider clock, ClaimOptions options, IAuditLog audit)
{
    /// <summary>
    /// Ends the award with <paramref name="status"/> and, for a draw's prize, gives it to the best-ranked alternate who
    /// has not had it and has won nothing else here. One transaction: the old award, the new one, the event.
    /// </summary>
    /// <param name="actor">Who the audit names: the winner who declined, "system", or the admin behind a disqualification.</param>
    /// <param name="why">Added to the audit: what took the winner out and when.</param>
    /// <param name="skip">
    /// Alternates to pass over: from <see cref="PassedOverAsync"/>, read once per sweep or decision (every disqualified
    /// entrant, and those taken out after the seal), not once per pass.
    /// </param>
    public async Task<Award?> PassOnAsync(Campaign campaign, Award award, AwardStatus status, string actor, string? why, IReadOnlySet<string> skip,
        CancellationToken ct)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var current = await awards.FindAsync(campaign.Id, award.AwardId, ct);
            if (current is null || current.Status != AwardStatus.Awarded) return null;
            // Read with the ETag the pass is written against: a code shown after this read makes the write fail and the
            // retry land here, so a decline and a first showing of the code never both succeed. Only the winner's own
            // decline is refused: a disqualification still takes a shown code's prize away by the rules.
            if (status == AwardStatus.Declined && current.CodeShownAt is { } shownAt)
                throw new ProblemException(AwardProblems.VoucherCodeShown(CampaignTime.Format(shownAt, campaign.Zone)));
            var now = clock.GetUtcNow();
            Award? next = null;
            if (current.DrawId is { } drawId)
            {
                var all = await awards.ListAsync(campaign.Id, ct);
                // Whoever won here already (read with the pass: the alternate rule must see every award), and the passed over.
                var taken = all.Select(a => a.Pseudonym).Concat(skip).ToHashSet(StringComparer.Ordinal);
                if (await alternates.NextAsync(campaign.Id, drawId, taken, ct) is { } alternate)
                {
                    next = new Award
                    {
                        CampaignId = campaign.Id, AwardId = $"draw-{drawId}-{alternate.Rank:D6}", PrizeId = current.PrizeId,
                        ActivityId = current.ActivityId, Pseudonym = alternate.Pseudonym, EntrantId = alternate.EntrantId,
                        Mode = AwardedBy.DrawAlternate, AwardedAt = now, DrawId = drawId, Rank = alternate.Rank, PassedFrom = current.AwardId,
                        ClaimDeadline = NeedsClaim(campaign, current.PrizeId) ? now + options.AlternateClaimWindow : null,
                    };
                }
            }
            var ended = current with { Status = status, PassedTo = next?.AwardId };
            var passedOn = new OutboxEvent(campaign.Id, $"passed-{current.AwardId}", EventTypes.PrizePassedOn, now,
                System.Text.Json.JsonSerializer.Serialize(new
                {
                    campaignId = campaign.Id, fromAwardId = current.AwardId, toAwardId = next?.AwardId, prizeId = current.PrizeId, reason = status,
                    toPseudonym = next?.Pseudonym, toEntrantId = next?.EntrantId, claimDeadline = next?.ClaimDeadline,
                }, Json.FanRewardsJson.Options));
            if (!await awards.TryUpdateAsync(ended, [passedOn], next, ct)) continue;
            await audit.WriteAsync(new AuditEntry(campaign.Id, now, actor, "pass-prize",
                $"{current.AwardId} ({current.PrizeId}) {WireName.Of(status)}{(why is null ? "" : $" ({why})")}; " +
                (next is null ? "no alternate left." : $"passed to rank {next.Rank} ({next.Pseudonym[..12]}) until {CampaignTime.Format(next.ClaimDeadline ?? now, campaign.Zone)}."))
            {
                Code = AuditCodes.PrizePassed,
                Args = AuditCodes.Args(("awardId", current.AwardId), ("prizeId", current.PrizeId), ("reason", WireName.Of(status)), ("why", why),
                    ("toRank", next?.Rank), ("toPseudonym", next?.Pseudonym[..12])),
            }, $"pass-{current.AwardId}", ct);
            return next ?? ended;
        }
        return null;
    }

    /// <summary>
    /// Who a pass must go past besides the winners: whoever was disqualified at any time (after the seal too: an alternate
    /// taken out since the draw must not receive a prize passed on later) and <paramref name="takenOutSinceSeal"/>. One
    /// read of the campaign's disqualifications, for all the passes of a sweep.
    /// </summary>
    public async Task<IReadOnlySet<string>> PassedOverAsync(string campaignId, IEnumerable<string> takenOutSinceSeal, CancellationToken ct) =>
        (await disqualified.ListAsync(campaignId, ct)).Select(d => d.Pseudonym).Concat(takenOutSinceSeal).ToHashSet(StringComparer.Ordinal);

    private static bool NeedsClaim(Campaign campaign, string prizeId) => campaign.Model.FindPrize(prizeId) is { NeedsClaim: true };
}

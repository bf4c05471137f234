using FanRewards.Core.Admins;
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
    /// <summary>A pass finding more alternates than this won elsewhere meanwhile stops (a transaction holds 100 rows).</summary>
    private const int MaxWonMeanwhile = 40;

    /// <summary>The actor of a pass the one-win rule makes: no person.</summary>
    public static readonly AdminRef OneWinRule = new(null, "one-win rule");

    /// <summary>
    /// Ends the award with <paramref name="status"/> and, for a draw's prize, gives it to the best-ranked alternate who
    /// has not had it and has won nothing else here. One transaction: the old award, the new one with its entrant's
    /// one-win marker (unless the campaign allows several wins), the events. The awards read first leave out whoever
    /// won here already; the marker decides for a win landing meanwhile (a judged pick of that alternate at that very
    /// moment): that alternate's award is recorded ended "already-won" and the prize goes on to the next, in the same
    /// transaction, so the proof shows the pass through them as it shows a draw winner's. An award written out of play
    /// (<see cref="Award.PassPending"/>) keeps the status it was written with; the pass only brings in the alternate.
    /// </summary>
    /// <param name="actor">
    /// Who the audit names: the admin behind a disqualification (id and name), or, with no id, the winner who declined,
    /// "system" or the rule that took the winner out.
    /// </param>
    /// <param name="why">Added to the audit: what took the winner out and when.</param>
    /// <param name="skip">
    /// Alternates to pass over: from <see cref="PassedOverAsync"/>, read once per sweep or decision (every disqualified
    /// entrant, and those taken out after the seal), not once per pass.
    /// </param>
    public async Task<Award?> PassOnAsync(Campaign campaign, Award award, AwardStatus status, AdminRef actor, string? why, IReadOnlySet<string> skip,
        CancellationToken ct)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var current = await awards.FindAsync(campaign.Id, award.AwardId, ct);
            // Awarded, or written out of play with its pass pending (only the step that wrote it passes it, with its own reason).
            if (current is not ({ Status: AwardStatus.Awarded } or { PassPending: true })) return null;
            // Read with the ETag the pass is written against: a code shown after this read makes the write fail and the
            // retry land here, so a decline and a first showing of the code never both succeed. Only the winner's own
            // decline is refused: a disqualification still takes a shown code's prize away by the rules.
            if (status == AwardStatus.Declined && current.CodeShownAt is { } shownAt)
                throw new ProblemException(AwardProblems.VoucherCodeShown(CampaignTime.Format(shownAt, campaign.Zone)));
            var now = clock.GetUtcNow();
            // Whoever won here already (read with the pass: the alternate rule must see every award), and the passed over.
            var taken = current.DrawId is null
                ? new HashSet<string>(StringComparer.Ordinal)
                : (await awards.ListAsync(campaign.Id, ct)).Select(a => a.Pseudonym).Concat(skip).ToHashSet(StringComparer.Ordinal);
            var wonMeanwhile = new List<Award>();
            while (true)
            {
                var next = current.DrawId is { } drawId && wonMeanwhile.Count < MaxWonMeanwhile
                                                      && await alternates.NextAsync(campaign.Id, drawId, taken, ct) is { } alternate
                    ? AlternateAward(campaign, current, alternate, now)
                    : null;
                var through = Linked(current.AwardId, wonMeanwhile, next);
                var ended = current with
                {
                    Status = current.PassPending ? current.Status : status,
                    PassedTo = through.FirstOrDefault()?.AwardId,
                    PassPending = false,
                };
                var hops = Hops(ended, through);
                var write = await awards.TryPassOnAsync(ended, hops.Select(h => PassedOnEvent(campaign, h.From, h.To, now)).ToList(), through,
                    oneWinPerEntrant: !campaign.Model.AllowMultipleWins, ct);
                if (write == PassWrite.Written)
                {
                    for (var i = 0; i < hops.Count; i++)
                    {
                        var (by, reason) = i == 0 ? (actor, why) : (OneWinRule, "another prize of the campaign won first");
                        await AuditAsync(campaign, hops[i].From, hops[i].To, by, reason, now, ct);
                    }
                    return next ?? ended;
                }
                if (write == PassWrite.Changed || next is null) break;
                taken.Add(next.Pseudonym);
                wonMeanwhile.Add(next);
            }
        }
        return null;
    }

    private Award AlternateAward(Campaign campaign, Award current, DrawAlternate alternate, DateTimeOffset now) => new()
    {
        CampaignId = campaign.Id, AwardId = $"draw-{current.DrawId}-{alternate.Rank:D6}", PrizeId = current.PrizeId,
        ActivityId = current.ActivityId, Pseudonym = alternate.Pseudonym, EntrantId = alternate.EntrantId,
        Mode = AwardedBy.DrawAlternate, AwardedAt = now, DrawId = current.DrawId, Rank = alternate.Rank,
        ClaimDeadline = NeedsClaim(campaign, current.PrizeId) ? now + options.AlternateClaimWindow : null,
    };

    /// <summary>
    /// The awards a prize passes through, each passed from the one before: the alternates found to have won elsewhere
    /// meanwhile (ended "already-won", nothing to claim), then the new holder, if any.
    /// </summary>
    private static List<Award> Linked(string passedFrom, IReadOnlyList<Award> wonMeanwhile, Award? holder)
    {
        var chain = wonMeanwhile.Select(a => a with { Status = AwardStatus.AlreadyWon, ClaimDeadline = null }).Append(holder).OfType<Award>().ToList();
        for (var i = 0; i < chain.Count; i++)
        {
            chain[i] = chain[i] with
            {
                PassedFrom = i == 0 ? passedFrom : chain[i - 1].AwardId,
                PassedTo = i + 1 < chain.Count ? chain[i + 1].AwardId : null,
            };
        }
        return chain;
    }

    /// <summary>Each step of the pass: the ended award to the first of the chain, and so on; the last passes to nobody when no holder is left.</summary>
    private static List<(Award From, Award? To)> Hops(Award ended, List<Award> through)
    {
        var from = new[] { ended }.Concat(through.Where(a => a.Status == AwardStatus.AlreadyWon)).ToList();
        return from.Select((a, i) => (a, i < through.Count ? through[i] : null)).ToList();
    }

    private static OutboxEvent PassedOnEvent(Campaign campaign, Award from, Award? to, DateTimeOffset now) =>
        new(campaign.Id, $"passed-{from.AwardId}", EventTypes.PrizePassedOn, now, System.Text.Json.JsonSerializer.Serialize(new
        {
            campaignId = campaign.Id, fromAwardId = from.AwardId, toAwardId = to?.AwardId, prizeId = from.PrizeId, reason = from.Status,
            toPseudonym = to?.Pseudonym, toEntrantId = to?.EntrantId, claimDeadline = to?.ClaimDeadline,
        }, Json.FanRewardsJson.Options));

    private Task AuditAsync(Campaign campaign, Award from, Award? to, AdminRef actor, string? why, DateTimeOffset now, CancellationToken ct) =>
        audit.WriteAsync(new AuditEntry(campaign.Id, now, actor.Name, "pass-prize",
            $"{from.AwardId} ({from.PrizeId}) {WireName.Of(from.Status)}{(why is null ? "" : $" ({why})")}; " +
            (to is null ? "no alternate left." : $"passed to rank {to.Rank} ({to.Pseudonym[..12]}) until {CampaignTime.Format(to.ClaimDeadline ?? now, campaign.Zone)}."))
        {
            ActorId = actor.Id,
            Code = AuditCodes.PrizePassed,
            Args = AuditCodes.Args(("awardId", from.AwardId), ("prizeId", from.PrizeId), ("reason", WireName.Of(from.Status)), ("why", why),
                ("toRank", to?.Rank), ("toPseudonym", to?.Pseudonym[..12])),
        }, $"pass-{from.AwardId}", ct);

    /// <summary>
    /// Who a pass must go past besides the winners: whoever was disqualified at any time (after the seal too: an alternate
    /// taken out since the draw must not receive a prize passed on later) and <paramref name="takenOutSinceSeal"/>. One
    /// read of the campaign's disqualifications, for all the passes of a sweep.
    /// </summary>
    public async Task<IReadOnlySet<string>> PassedOverAsync(string campaignId, IEnumerable<string> takenOutSinceSeal, CancellationToken ct) =>
        (await disqualified.ListAsync(campaignId, ct)).Select(d => d.Pseudonym).Concat(takenOutSinceSeal).ToHashSet(StringComparer.Ordinal);

    private static bool NeedsClaim(Campaign campaign, string prizeId) => campaign.Model.FindPrize(prizeId) is { NeedsClaim: true };
}

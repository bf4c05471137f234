using FanRewards.Core.Awards;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Outbox;

namespace FanRewards.Core.Draws;

/// <summary>
/// Each winning rank of a draw becomes an award with its "winner awarded" event, written before the draw shows as
/// drawn; a merge that runs again finds them there. Prizes delivered by post must be claimed by the campaign's deadline.
/// </summary>
public sealed class DrawWinnerAwards(IAwardStore awards, VoucherIssuer vouchers, TimeProvider clock, PrizePasses passes)
{
    /// <param name="entrants">The entrant id behind each ranked pseudonym.</param>
    /// <param name="withdrawn">
    /// Ranked entrants taken out after the seal: a winner among them gets the award and it passes on at once, as a recorded
    /// pass with the reason; an alternate among them is passed over.
    /// </param>
    public async Task AwardAsync(Campaign campaign, DrawRecord draw, IReadOnlyList<RankedEntry> ranking, IReadOnlyDictionary<string, string> entrants,
        IReadOnlyDictionary<string, Withdrawal> withdrawn, CancellationToken ct)
    {
        var definition = campaign.Draws.First(d => d.Id == draw.DrawId);
        var activityId = definition.Activities is [var first, ..] ? first.Id : "";
        var now = clock.GetUtcNow();
        var winners = new List<(Award, OutboxEvent)>();
        foreach (var r in ranking)
        {
            if (r.PrizeId is not { } prizeId) continue; // an alternate
            var award = new Award
            {
                CampaignId = draw.CampaignId, AwardId = $"draw-{draw.DrawId}-{r.Rank:D6}", PrizeId = prizeId, ActivityId = activityId,
                Pseudonym = r.Pseudonym, EntrantId = entrants.GetValueOrDefault(r.Pseudonym) ?? "", Mode = AwardedBy.Draw, AwardedAt = now,
                DrawId = draw.DrawId, Rank = r.Rank, ClaimDeadline = campaign.Model.ClaimDeadlineOf(campaign.Model.FindPrize(prizeId)),
            };
            // A winner taken out after the seal gets the award already out of play: nothing acts on it while its pass is pending.
            if (withdrawn.GetValueOrDefault(r.Pseudonym) is { } takenOut) award = award with { Status = takenOut.Reason, PassPending = true };
            winners.Add((award, new OutboxEvent(draw.CampaignId, $"awarded-{award.AwardId}", EventTypes.WinnerAwarded, now, "")));
        }
        // The one-win rule is the entrant's marker, taken with each award as first come and judging take it: a winner who
        // won elsewhere first (after the cutoff, or the set would have kept them out) is found by the marker insert failing.
        var wonElsewhere = await awards.EnsureAwardsAsync(winners, oneWinPerEntrant: !campaign.Model.AllowMultipleWins, ct);
        IReadOnlySet<string>? skip = null; // read once for all this draw's passes, and only when one is due
        var unfinished = new List<string>();
        foreach (var (award, _) in winners)
        {
            if (withdrawn.ContainsKey(award.Pseudonym) || wonElsewhere.Contains(award.AwardId))
                skip ??= await passes.PassedOverAsync(campaign.Id, withdrawn.Keys, ct);
            // A merge run again finds the award passed already (no longer awarded) and passes nothing twice.
            if (withdrawn.GetValueOrDefault(award.Pseudonym) is { } withdrawal)
            {
                var why = $"{Json.WireName.Of(withdrawal.Reason)} at {CampaignTime.Format(withdrawal.At, campaign.Zone)}, after the seal";
                if (!await PassedAsync(campaign, award, withdrawal.Reason, withdrawal.By, why, skip, ct)) unfinished.Add(award.AwardId);
                continue;
            }
            if (wonElsewhere.Contains(award.AwardId))
            {
                const string why = "another prize of the campaign won first";
                if (!await PassedAsync(campaign, award, AwardStatus.AlreadyWon, PrizePasses.OneWinRule, why, skip, ct)) unfinished.Add(award.AwardId);
                continue;
            }
            await vouchers.IssueAsync(campaign, award, ct);
        }
        // A pass that kept losing its write left the award pending: written out of play (no claim, code, sweep or event
        // takes it as a win), without its one-win marker beside the entrant's other win or with its winner taken out, and
        // no alternate brought in yet. The merge fails before the draw shows as drawn, so the step runs again (the message
        // redelivered, or the timer sending the idle merge) and the award, returned again by the insert (no marker of its
        // own) or withdrawn again, passes then.
        if (unfinished.Count > 0)
        {
            throw new InvalidOperationException(
                $"Draw '{draw.DrawId}' of '{campaign.Id}': the prize of {string.Join(", ", unfinished)} kept changing while it passed on; the merge runs again.");
        }
    }

    /// <summary>
    /// The award passed on now, or by an earlier run (neither awarded nor pending its pass); false when the pass gave up
    /// with it still live or still pending (written out of play, no alternate brought in yet).
    /// </summary>
    private async Task<bool> PassedAsync(Campaign campaign, Award award, AwardStatus status, Admins.AdminRef actor, string why, IReadOnlySet<string>? skip,
        CancellationToken ct) =>
        await passes.PassOnAsync(campaign, award, status, actor, why, skip ?? new HashSet<string>(), ct) is not null
        || await awards.FindAsync(campaign.Id, award.AwardId, ct) is not ({ Status: AwardStatus.Awarded } or { PassPending: true });
}

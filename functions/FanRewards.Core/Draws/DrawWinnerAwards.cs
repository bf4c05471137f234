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
            winners.Add((award, new OutboxEvent(draw.CampaignId, $"awarded-{award.AwardId}", EventTypes.WinnerAwarded, now, "")));
        }
        // The one-win rule is the entrant's marker, taken with each award as first come and judging take it: a winner who
        // won elsewhere first (after the cutoff, or the set would have kept them out) is found by the marker insert failing.
        var wonElsewhere = await awards.EnsureAwardsAsync(winners, oneWinPerEntrant: !campaign.Model.AllowMultipleWins, ct);
        IReadOnlySet<string>? skip = null; // read once for all this draw's passes, and only when one is due
        foreach (var (award, _) in winners)
        {
            if (withdrawn.ContainsKey(award.Pseudonym) || wonElsewhere.Contains(award.AwardId))
                skip ??= await passes.PassedOverAsync(campaign.Id, withdrawn.Keys, ct);
            // A merge run again finds the award passed already (no longer awarded) and passes nothing twice.
            if (withdrawn.GetValueOrDefault(award.Pseudonym) is { } withdrawal)
            {
                await passes.PassOnAsync(campaign, award, withdrawal.Reason, withdrawal.By,
                    $"{Json.WireName.Of(withdrawal.Reason)} at {CampaignTime.Format(withdrawal.At, campaign.Zone)}, after the seal", skip ?? new HashSet<string>(), ct);
                continue;
            }
            if (wonElsewhere.Contains(award.AwardId))
            {
                await passes.PassOnAsync(campaign, award, AwardStatus.AlreadyWon, PrizePasses.OneWinRule, "another prize of the campaign won first", skip ?? new HashSet<string>(), ct);
                continue;
            }
            await vouchers.IssueAsync(campaign, award, ct);
        }
    }
}

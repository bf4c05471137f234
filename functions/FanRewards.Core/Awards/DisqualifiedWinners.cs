using FanRewards.Core.Admins;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Entries;

namespace FanRewards.Core.Awards;

/// <summary>
/// Disqualifying an entrant, and what it does to prizes they already hold: a draw prize not claimed yet passes on by
/// the alternate rule (a recorded pass, reason "disqualified"); a claimed prize is not taken back, and the answer says so.
/// Allowed after the cutoff and after the draw: a sealed entry set is never changed by it. The entrant's likes leave the
/// leaderboard (<see cref="Figures.LikeWithdrawal"/>, once however often this runs).
/// </summary>
public sealed class DisqualifiedWinners(DisqualificationService disqualifications, ICampaignStore campaigns, IAwardStore awards, PrizePasses passes,
    Figures.LikeWithdrawal likes)
{
    public async Task<DisqualificationOutcome> DisqualifyAsync(string campaignId, string entrantId, string? reason, AdminPrincipal actor, CancellationToken ct)
    {
        var disqualification = await disqualifications.DisqualifyAsync(campaignId, entrantId, reason, actor, ct);
        var campaign = (await campaigns.FindAsync(disqualification.CampaignId, ct))?.Campaign
            ?? throw new ProblemException(Problem.NotFound("campaign", campaignId));
        var likesWithdrawn = await likes.WithdrawAsync(campaign, disqualification.Pseudonym, ct);
        var prizes = new List<PrizeOutcome>();
        IReadOnlySet<string>? passedOver = null; // read once, when a prize is to pass
        foreach (var award in await awards.ListForEntrantAsync(campaign.Id, disqualification.Pseudonym, ct))
        {
            if (award is { Status: AwardStatus.Awarded, DrawId: not null })
            {
                var why = $"disqualified by {disqualification.By.Name} at {CampaignTime.Format(disqualification.At, campaign.Zone)}: {disqualification.Reason}";
                passedOver ??= await passes.PassedOverAsync(campaign.Id, [disqualification.Pseudonym], ct);
                var next = await passes.PassOnAsync(campaign, award, AwardStatus.Disqualified, disqualification.By, why, passedOver, ct);
                prizes.Add(new PrizeOutcome(award.AwardId, award.PrizeId, next is null ? "unchanged" : "passed", next?.AwardId == award.AwardId ? null : next?.AwardId));
            }
            else
            {
                prizes.Add(new PrizeOutcome(award.AwardId, award.PrizeId, award.Status == AwardStatus.Claimed ? "claimed-kept" : "unchanged", null));
            }
        }
        return new DisqualificationOutcome(disqualification.CampaignId, disqualification.EntrantId, disqualification.Pseudonym, disqualification.Reason,
            disqualification.By, CampaignTime.InZone(disqualification.At, campaign.Zone), prizes)
        { LikesWithdrawn = likesWithdrawn };
    }
}

/// <summary>The disqualification as recorded, with what became of each prize the entrant held.</summary>
public sealed record DisqualificationOutcome(string CampaignId, string EntrantId, string Pseudonym, string Reason, AdminRef By, DateTimeOffset At,
    IReadOnlyList<PrizeOutcome> Prizes)
{
    /// <summary>The entrant's like entries whose counts left the leaderboard.</summary>
    public int LikesWithdrawn { get; init; }
}

/// <summary>
/// One prize of a disqualified entrant: "passed" (to <see cref="PassedTo"/>, or to nobody when no alternate was left),
/// "claimed-kept" (a claimed prize is not taken back), or "unchanged" (passed on before, or not a draw's prize).
/// </summary>
public sealed record PrizeOutcome(string AwardId, string PrizeId, string Outcome, string? PassedTo);

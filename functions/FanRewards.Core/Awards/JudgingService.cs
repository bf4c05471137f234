using FanRewards.Core.Admins;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Campaigns.Model;
using FanRewards.Core.Entries;
using FanRewards.Core.Outbox;

namespace FanRewards.Core.Awards;

/// <summary>
/// Judged awards: once entries have closed, an admin picks winners among the approved messages or reflections, each
/// pick audited. Before the close nobody can be designated a winner; stock and the one-win rule hold as everywhere: the
/// award is given from stock with the entrant's one-win marker in the same transaction, as first-come wins and draw
/// winners take it, so a judged pick racing a first-come win or a draw's merge for one entrant ends in one win (a draw
/// prize then passes on, "already-won"). The list read first names the award already held in the 409, and covers what
/// carries no marker: top N, a prize passed to an alternate, a draw awarded before draws took markers. Later draws
/// leave a judged winner out as they leave out every winner (`DrawEligibility` reads every award).
/// </summary>
public sealed class JudgingService(CampaignAdminService campaigns, IEntryStore entries, IAwardStore awards, IAuditLog audit,
    TimeProvider clock, VoucherIssuer vouchers, IDisqualificationStore disqualified)
{
    public sealed record JudgedAwardRequest(string? EntrantId, string? PrizeId);

    public async Task<Award> AwardAsync(string campaignId, string activityId, JudgedAwardRequest request, AdminPrincipal actor, CancellationToken ct) =>
        (await PickAsync(campaignId, activityId, request, actor, ct)).Award;

    /// <summary>
    /// The pick as the admin API answers it: the award as the organiser's awards list shows it (times in the campaign's
    /// zone, a short pseudonym, no voucher code or storage fields; no contact, as nobody has claimed it yet).
    /// </summary>
    public async Task<AwardListItem> AwardViewAsync(string campaignId, string activityId, JudgedAwardRequest request, AdminPrincipal actor,
        CancellationToken ct)
    {
        var (campaign, award) = await PickAsync(campaignId, activityId, request, actor, ct);
        return AwardListItem.From(award, null, campaign);
    }

    private async Task<(Campaign Campaign, Award Award)> PickAsync(string campaignId, string activityId, JudgedAwardRequest request, AdminPrincipal actor,
        CancellationToken ct)
    {
        var campaign = (await campaigns.GetAsync(campaignId, ct)).Campaign;
        var activity = campaign.Model.FindActivity(activityId) ?? throw new ProblemException(Problem.NotFound("activity", activityId));
        if (activity.Award is not JudgedAward judged) throw new ProblemException(EntryProblems.WrongActivity(activityId, "judged"));
        var status = campaign.StatusAt(clock.GetUtcNow());
        if (status is not (CampaignStatus.Closed or CampaignStatus.Drawn))
        {
            throw new ProblemException(Problem.InvalidState("Winners are judged after entries close, so nobody is picked before the competition is over.",
                new Dictionary<string, object?> { ["campaignStatus"] = status.ToString().ToLowerInvariant() }));
        }

        var errors = new ValidationErrors();
        var entrantId = Entrant.IsValidId(request.EntrantId) ? request.EntrantId : null;
        if (entrantId is null) errors.Add("entrantId", "invalid-entrant-id", $"Must be {Entrant.IdRule}.");
        var prize = request.PrizeId is { } prizeId && judged.PrizeIds.Contains(prizeId) ? campaign.Model.FindPrize(prizeId) : null;
        if (prize is null)
        {
            errors.Add("prizeId", "one-of", $"Must be one of this activity's prizes: {string.Join(", ", judged.PrizeIds)}.",
                ("options", judged.PrizeIds.ToArray()));
        }

        if (entrantId is null || prize is null) throw new ProblemException(Problem.Validation(errors));

        var pseudonym = campaign.PseudonymOf(entrantId);
        var entry = await entries.FindAsync(campaign.Id, Pseudonym.BucketOf(pseudonym, campaign.EntryBuckets), EntryRecord.Key(activityId, pseudonym), ct);
        if (entry is null) throw new ProblemException(Problem.NotFound("entry", $"{activityId}/{request.EntrantId}"));
        if (entry.Status != EntryStatus.Approved)
            throw new ProblemException(Problem.InvalidState("Only an approved entry can win; approve it in the moderation queue first."));
        if (await disqualified.FindAsync(campaign.Id, entrantId, ct) is not null)
            throw new ProblemException(Problem.InvalidState("This entrant is disqualified in this campaign and cannot win."));

        var oneWin = !campaign.Model.AllowMultipleWins;
        if (oneWin && (await awards.ListForEntrantAsync(campaign.Id, pseudonym, ct)) is [var earlier, ..])
            throw new ProblemException(AwardProblems.AlreadyWon(earlier.AwardId));

        var stock = Math.Min(prize.Count, judged.Count);
        var now = clock.GetUtcNow();
        var outcome = await awards.TryAwardFromStockAsync(new Award
        {
            CampaignId = campaign.Id, AwardId = "", PrizeId = prize.Id, ActivityId = activityId, Pseudonym = pseudonym,
            EntrantId = entrantId, Mode = AwardedBy.Judged, AwardedAt = now, ClaimDeadline = campaign.Model.ClaimDeadlineOf(prize),
        }, stock, oneWinPerEntrant: oneWin, new OutboxEvent(campaign.Id, $"awarded-judged-{prize.Id}", EventTypes.WinnerAwarded, now, ""), ct);
        // The marker found in the transaction: a win landed between the check above and now (a first-come win or a draw's merge in flight).
        if (outcome.AlreadyWon) throw new ProblemException(AwardProblems.AlreadyWon(null));
        var award = outcome.Given ?? throw new ProblemException(Problem.InvalidState(
            $"Prize '{prize.Id}' has no stock left: this activity's {stock} are all given."));
        Telemetry.FanRewardsTelemetry.Awarded(Json.WireName.Of(AwardedBy.Judged));
        await audit.WriteAsync(new AuditEntry(campaign.Id, now, actor, "judge", $"Awarded {prize.Id} to the {activityId} entry of {pseudonym[..12]}.")
        {
            Code = AuditCodes.PrizeJudged,
            Args = AuditCodes.Args(("prizeId", prize.Id), ("activityId", activityId), ("pseudonym", pseudonym[..12])),
        }, $"judge-{award.AwardId}", ct);
        return (campaign, await vouchers.IssueAsync(campaign, award, ct));
    }
}

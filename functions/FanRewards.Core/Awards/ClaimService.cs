using System.Text.RegularExpressions;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Entries;
using FanRewards.Core.Json;
using FanRewards.Core.Outbox;

namespace FanRewards.Core.Awards;

/// <summary>
/// Winners claim prizes that must be delivered; a prize unclaimed at its deadline, or declined, passes to the next
/// alternate of its draw in rank order with a deadline of its own. The original award and every pass stay on record.
/// </summary>
public sealed partial class ClaimService(
    PublicCampaignCatalog catalog, ICampaignStore campaigns, IAwardStore awards, IClaimContactStore contacts,
    IDrawAlternates alternates, Entries.IDisqualificationStore disqualified, TimeProvider clock, ClaimOptions options, Due.DueLedger due,
    VoucherIssuer vouchers, IAuditLog audit)
{
    [GeneratedRegex(@"^1[3-9]\d{9}\z", RegexOptions.CultureInvariant)]
    private static partial Regex MainlandMobile();

    private readonly PrizePasses _passes = new(awards, alternates, disqualified, clock, options, audit);

    /// <summary>The organiser's view of a campaign's awards: each with the contact its winner gave, if any.</summary>
    public async Task<(Campaign Campaign, IReadOnlyList<(Award Award, ClaimContact? Contact)> Awards)> ListWithContactsAsync(
        string campaignId, CancellationToken ct)
    {
        var campaign = (await campaigns.FindAsync(campaignId, ct))?.Campaign ?? throw new ProblemException(Problem.NotFound("campaign", campaignId));
        var byAward = (await contacts.ListAsync(campaign.Id, ct)).ToDictionary(c => c.AwardId, StringComparer.Ordinal);
        return (campaign, (await awards.ListAsync(campaign.Id, ct)).Select(a => (a, byAward.GetValueOrDefault(a.AwardId))).ToList());
    }

    public async Task<MyAward> ClaimAsync(string campaignId, Entrant entrant, ClaimRequest request, CancellationToken ct)
    {
        var campaign = await catalog.FindVisibleAsync(campaignId, ct) ?? throw new ProblemException(Problem.NotFound("campaign", campaignId));
        var (name, phone, address) = Validate(request);
        var pseudonym = campaign.PseudonymOf(entrant.Id);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var award = (await awards.ListForEntrantAsync(campaign.Id, pseudonym, ct))
                .Where(a => NeedsClaim(campaign, a.PrizeId)).OrderBy(a => a.Status == AwardStatus.Awarded ? 0 : 1).FirstOrDefault()
                ?? throw new ProblemException(AwardProblems.NothingToClaim());
            if (award.Status == AwardStatus.Claimed) return MyAward.From(award, campaign);
            if (award.Status != AwardStatus.Awarded) throw new ProblemException(AwardProblems.NoLongerYours(WireName.Of(award.Status)));
            var now = clock.GetUtcNow();
            if (award.ClaimDeadline is { } deadline && deadline < now)
                throw new ProblemException(AwardProblems.DeadlinePassed(CampaignTime.Format(deadline, campaign.Zone)));

            // Contact first, then the award: a claim that dies in between is completed by its retry, and contact data
            // for an award never claimed is removed by the retention timer like any other.
            var retention = TimeSpan.FromDays(campaign.Model.ContactRetentionDays);
            var deleteAfter = (award.ClaimDeadline ?? now) + retention;
            // The retention's mark before the contact it is for: a contact is never kept without one.
            await due.MarkAsync([Due.DueMark.At(Due.DueKinds.Contacts, campaign.Id, deleteAfter)], ct);
            await contacts.SaveAsync(new ClaimContact(campaign.Id, award.AwardId, pseudonym, name, phone, address, now, deleteAfter), ct);
            var claimed = award with { Status = AwardStatus.Claimed, ClaimedAt = now };
            if (await awards.TryUpdateAsync(claimed, [new OutboxEvent(campaign.Id, $"claimed-{award.AwardId}", EventTypes.PrizeClaimed, now, "")], ct))
                return MyAward.From(claimed, campaign);
        }
        throw new ProblemException(EntryProblems.Busy());
    }

    public async Task<MyAward> DeclineAsync(string campaignId, Entrant entrant, CancellationToken ct)
    {
        var campaign = await catalog.FindVisibleAsync(campaignId, ct) ?? throw new ProblemException(Problem.NotFound("campaign", campaignId));
        var pseudonym = campaign.PseudonymOf(entrant.Id);
        var award = (await awards.ListForEntrantAsync(campaign.Id, pseudonym, ct)).FirstOrDefault(a => a.Status == AwardStatus.Awarded)
                    ?? throw new ProblemException(AwardProblems.NothingToClaim());
        return MyAward.From(await PassOnAsync(campaign, award, AwardStatus.Declined, await _passes.PassedOverAsync(campaign.Id, [], ct), ct) ?? award, campaign);
    }

    /// <summary>
    /// The timer's work, found through the due index: prizes unclaimed at their deadline pass on, awards still without
    /// their voucher code get one, contact data past its retention is deleted. A sweep with nothing due reads the due
    /// marks and nothing else, however many campaigns and awards there are.
    /// </summary>
    public async Task<(int PassedOn, int ContactsDeleted)> SweepAsync(CancellationToken ct)
    {
        // One campaign that keeps failing (marks come earliest first) must not starve every other campaign's marks:
        // each mark is tried on its own, and the first failure is thrown once the rest have had their turn.
        var failures = new List<Exception>();
        async Task EachAsync(string kind, Func<Due.DueEntry, DateTimeOffset, Task> work)
        {
            foreach (var entry in await due.ListDueAsync(kind, ct))
            {
                try
                {
                    await work(entry, due.Now);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    failures.Add(e);
                }
            }
        }

        var passed = 0;
        await EachAsync(Due.DueKinds.Claim, async (entry, inspectedAt) =>
        {
            if (await LiveCampaignAsync(entry, ct) is not { } campaign) return;
            var settled = true;
            IReadOnlySet<string>? passedOver = null; // read once per campaign in a sweep, and only when a prize is due to pass
            foreach (var award in await awards.ListAsync(campaign.Id, ct))
            {
                if (award.Status != AwardStatus.Awarded || award.ClaimDeadline is not { } deadline || deadline >= inspectedAt) continue;
                passedOver ??= await _passes.PassedOverAsync(campaign.Id, [], ct);
                if (await PassOnAsync(campaign, award, AwardStatus.Forfeited, passedOver, ct) is not null) passed++;
                else if ((await awards.FindAsync(campaign.Id, award.AwardId, ct))?.Status == AwardStatus.Awarded) settled = false; // busy: next sweep
            }
            if (settled) await due.SettleAsync(entry, inspectedAt, ct);
        });

        await EachAsync(Due.DueKinds.Vouchers, async (entry, inspectedAt) =>
        {
            if (await LiveCampaignAsync(entry, ct) is not { } campaign) return;
            var missing = await vouchers.IssueMissingAsync(campaign, ct);
            // Codes not uploaded yet keep the mark: each sweep tries again until they are.
            if (missing == 0) await due.SettleAsync(entry, inspectedAt, ct);
        });

        var deleted = 0;
        await EachAsync(Due.DueKinds.Contacts, async (entry, inspectedAt) =>
        {
            deleted += await contacts.DeleteExpiredAsync(entry.Mark.CampaignId, inspectedAt, ct);
            await due.SettleAsync(entry, inspectedAt, ct);
        });
        if (failures.Count > 0) throw new AggregateException("The claim sweep failed for some due marks; the others were swept.", failures);
        return (passed, deleted);
    }

    /// <summary>The mark's campaign, unless it is gone or archived: then its mark goes, as nothing more will be done for it.</summary>
    private async Task<Campaign?> LiveCampaignAsync(Due.DueEntry entry, CancellationToken ct)
    {
        var campaign = (await campaigns.FindAsync(entry.Mark.CampaignId, ct))?.Campaign;
        if (campaign is not null && campaign.Lifecycle is not CampaignLifecycle.Archived) return campaign;
        await due.RemoveAsync(entry, ct);
        return null;
    }

    private Task<Award?> PassOnAsync(Campaign campaign, Award award, AwardStatus status, IReadOnlySet<string> passedOver, CancellationToken ct) =>
        _passes.PassOnAsync(campaign, award, status, new Admins.AdminRef(null, status == AwardStatus.Declined ? "winner" : "system"), null, passedOver, ct);

    private static bool NeedsClaim(Campaign campaign, string prizeId) => campaign.Model.FindPrize(prizeId) is { NeedsClaim: true };

    private static (string Name, string Phone, string Address) Validate(ClaimRequest request)
    {
        var errors = new ValidationErrors();
        var name = request.Name?.Trim();
        var phone = request.Phone?.Trim().Replace(" ", "").Replace("-", "");
        var address = request.Address?.Trim();
        errors.Require(name, "name", 30);
        if (phone is null || !MainlandMobile().IsMatch(phone)) errors.Add("phone", "invalid-mobile", "Must be a mainland China mobile number, 11 digits starting 13–19.");
        if (address is null || address.Length < 5) errors.Add("address", "address-too-short", "Required: a postal address of at least 5 characters.", ("min", 5));
        errors.Limit(address, "address", 200);
        foreach (var (field, value) in new[] { ("name", name), ("address", address) })
            if (value?.Any(char.IsControl) == true) errors.Add(field, "control-characters", "Must not contain control characters.");
        // Every check passed means each value is there; the compiler cannot see that, so it is asked again.
        if (!errors.IsEmpty || name is null || phone is null || address is null) throw new ProblemException(Problem.Validation(errors));
        return (name, phone, address);
    }
}

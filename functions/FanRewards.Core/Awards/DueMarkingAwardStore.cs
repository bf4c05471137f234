using FanRewards.Core.Due;
using FanRewards.Core.Outbox;

namespace FanRewards.Core.Awards;

/// <summary>
/// The award store as every service uses it: each write that adds outbox events or awards first marks, in the due
/// index, the work it makes due (events to publish, voucher codes to issue, a claim deadline to watch), through
/// <see cref="DueLedger.RunAsync{T}"/>. Kept apart from the Table store so that the rule holds for every award
/// transaction, whichever way it composes its rows.
/// </summary>
public sealed class DueMarkingAwardStore(IAwardStore inner, DueLedger due) : ForwardingAwardStore(inner)
{
    private const int MaxRememberedSoldOut = 10_000;
    /// <summary>Stocks this instance saw sold out: units are never given back, so nothing more is written for them.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string CampaignId, string PrizeId, int Stock), bool> _soldOut = new();

    public override async Task<StockOutcome> TryAwardFromStockAsync(Award award, int stock, bool oneWinPerEntrant, OutboxEvent awarded, CancellationToken ct)
    {
        // After a sell-out the thousands who come later write no marks (they would keep the outbox and voucher marks
        // young, so the sweeps could never settle them): the inner store answers them from memory.
        var key = (award.CampaignId, award.PrizeId, stock);
        if (_soldOut.ContainsKey(key)) return await Inner.TryAwardFromStockAsync(award, stock, oneWinPerEntrant, awarded, ct);
        var outcome = await due.RunAsync(MarksOf(award), () => Inner.TryAwardFromStockAsync(award, stock, oneWinPerEntrant, awarded, ct), ct);
        if (outcome is { Given: null, AlreadyWon: false })
        {
            if (_soldOut.Count >= MaxRememberedSoldOut) _soldOut.Clear();
            _soldOut[key] = true;
        }
        return outcome;
    }

    public override async Task<IReadOnlySet<string>> EnsureAwardsAsync(IReadOnlyList<(Award Award, OutboxEvent Event)> awards, bool oneWinPerEntrant,
        CancellationToken ct)
    {
        if (awards.Count == 0) return new HashSet<string>();
        return await due.RunAsync(awards.SelectMany(a => MarksOf(a.Award)).Distinct().ToList(),
            () => Inner.EnsureAwardsAsync(awards, oneWinPerEntrant, ct), ct);
    }

    public override Task<bool> TryUpdateAsync(Award award, IReadOnlyList<OutboxEvent> events, CancellationToken ct)
    {
        IReadOnlyList<DueMark> marks = events.Count > 0 ? [DueMark.Now(DueKinds.Outbox, award.CampaignId)] : [];
        return due.RunAsync(marks, () => Inner.TryUpdateAsync(award, events, ct), ct);
    }

    public override Task<PassWrite> TryPassOnAsync(Award ended, IReadOnlyList<OutboxEvent> events, IReadOnlyList<Award> passedThrough,
        bool oneWinPerEntrant, CancellationToken ct)
    {
        var marks = new List<DueMark> { DueMark.Now(DueKinds.Outbox, ended.CampaignId) };
        // Only the new holder makes work due: the awards passed through ended at once, with nothing to issue or claim.
        foreach (var holder in passedThrough.Where(a => a.Status == AwardStatus.Awarded)) marks.AddRange(MarksOf(holder));
        return due.RunAsync(marks.Distinct().ToList(), () => Inner.TryPassOnAsync(ended, events, passedThrough, oneWinPerEntrant, ct), ct);
    }

    /// <summary>What a new award makes due: its event, a voucher code if its prize is one, and its claim deadline if it has one.</summary>
    public static IReadOnlyList<DueMark> MarksOf(Award award)
    {
        var marks = new List<DueMark> { DueMark.Now(DueKinds.Outbox, award.CampaignId), DueMark.Now(DueKinds.Vouchers, award.CampaignId) };
        if (award.ClaimDeadline is { } deadline) marks.Add(DueMark.At(DueKinds.Claim, award.CampaignId, deadline));
        return marks;
    }
}

using FanRewards.Core.Outbox;

namespace FanRewards.Core.Awards;

/// <summary>
/// An award store that hands every call to <paramref name="inner"/>: the base of decorators that change a few calls
/// (<see cref="DueMarkingAwardStore"/> marks due work before the writes; tests gate or fail a transaction) and forward
/// the rest, so the forwarding is written once.
/// </summary>
public abstract class ForwardingAwardStore(IAwardStore inner) : IAwardStore
{
    protected IAwardStore Inner { get; } = inner;

    public virtual Task<StockOutcome> TryAwardFromStockAsync(Award award, int stock, bool oneWinPerEntrant, OutboxEvent awarded, CancellationToken ct) =>
        Inner.TryAwardFromStockAsync(award, stock, oneWinPerEntrant, awarded, ct);

    public virtual Task<IReadOnlySet<string>> EnsureAwardsAsync(IReadOnlyList<(Award Award, OutboxEvent Event)> awards, bool oneWinPerEntrant,
        CancellationToken ct) => Inner.EnsureAwardsAsync(awards, oneWinPerEntrant, ct);

    public virtual Task<bool> TryUpdateAsync(Award award, IReadOnlyList<OutboxEvent> events, CancellationToken ct) =>
        Inner.TryUpdateAsync(award, events, ct);

    public virtual Task<PassWrite> TryPassOnAsync(Award ended, IReadOnlyList<OutboxEvent> events, IReadOnlyList<Award> passedThrough,
        bool oneWinPerEntrant, CancellationToken ct) => Inner.TryPassOnAsync(ended, events, passedThrough, oneWinPerEntrant, ct);

    public virtual Task<Award?> FindAsync(string campaignId, string awardId, CancellationToken ct) => Inner.FindAsync(campaignId, awardId, ct);

    public virtual Task<string?> FindWinAsync(string campaignId, string pseudonym, CancellationToken ct) => Inner.FindWinAsync(campaignId, pseudonym, ct);

    public virtual Task<IReadOnlyList<Award>> ListAsync(string campaignId, CancellationToken ct) => Inner.ListAsync(campaignId, ct);

    public virtual Task<IReadOnlyList<Award>> ListForEntrantAsync(string campaignId, string pseudonym, CancellationToken ct) =>
        Inner.ListForEntrantAsync(campaignId, pseudonym, ct);

    public virtual Task<int> CountAwardedAsync(string campaignId, string prizeId, CancellationToken ct) => Inner.CountAwardedAsync(campaignId, prizeId, ct);

    public virtual Task<bool> IsStepDoneAsync(string campaignId, string step, CancellationToken ct) => Inner.IsStepDoneAsync(campaignId, step, ct);

    public virtual Task MarkStepDoneAsync(string campaignId, string step, DateTimeOffset at, CancellationToken ct) =>
        Inner.MarkStepDoneAsync(campaignId, step, at, ct);

    public virtual Task<string> FindAwardsVersionAsync(string campaignId, CancellationToken ct) => Inner.FindAwardsVersionAsync(campaignId, ct);
}

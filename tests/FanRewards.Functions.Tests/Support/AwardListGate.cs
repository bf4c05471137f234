using FanRewards.Core.Awards;
using FanRewards.Core.Outbox;

namespace FanRewards.Functions.Tests.Support;

/// <summary>The award store, except that the first list read waits for a release once it has read (a slow pass or step).</summary>
internal sealed class AwardListGate(IAwardStore inner) : IAwardStore
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _lists;
    public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public void Release() => _released.TrySetResult();

    public async Task<IReadOnlyList<Award>> ListAsync(string campaignId, CancellationToken ct)
    {
        var read = await inner.ListAsync(campaignId, ct);
        if (Interlocked.Increment(ref _lists) != 1) return read;
        Reached.TrySetResult();
        await _released.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        return read;
    }

    public Task<IReadOnlySet<string>> EnsureAwardsAsync(IReadOnlyList<(Award Award, OutboxEvent Event)> awards, bool oneWinPerEntrant,
        CancellationToken ct) => inner.EnsureAwardsAsync(awards, oneWinPerEntrant, ct);
    public Task<StockOutcome> TryAwardFromStockAsync(Award award, int stock, bool oneWinPerEntrant, OutboxEvent awarded, CancellationToken ct) =>
        inner.TryAwardFromStockAsync(award, stock, oneWinPerEntrant, awarded, ct);
    public Task<bool> TryUpdateAsync(Award award, IReadOnlyList<OutboxEvent> events, CancellationToken ct) =>
        inner.TryUpdateAsync(award, events, ct);
    public Task<PassWrite> TryPassOnAsync(Award ended, IReadOnlyList<OutboxEvent> events, IReadOnlyList<Award> passedThrough, bool oneWinPerEntrant,
        CancellationToken ct) => inner.TryPassOnAsync(ended, events, passedThrough, oneWinPerEntrant, ct);
    public Task<Award?> FindAsync(string campaignId, string awardId, CancellationToken ct) => inner.FindAsync(campaignId, awardId, ct);
    public Task<string?> FindWinAsync(string campaignId, string pseudonym, CancellationToken ct) => inner.FindWinAsync(campaignId, pseudonym, ct);
    public Task<IReadOnlyList<Award>> ListForEntrantAsync(string campaignId, string pseudonym, CancellationToken ct) =>
        inner.ListForEntrantAsync(campaignId, pseudonym, ct);
    public Task<int> CountAwardedAsync(string campaignId, string prizeId, CancellationToken ct) => inner.CountAwardedAsync(campaignId, prizeId, ct);
    public Task<string> FindAwardsVersionAsync(string campaignId, CancellationToken ct) => inner.FindAwardsVersionAsync(campaignId, ct);
    public Task<bool> IsStepDoneAsync(string campaignId, string step, CancellationToken ct) => inner.IsStepDoneAsync(campaignId, step, ct);
    public Task MarkStepDoneAsync(string campaignId, string step, DateTimeOffset at, CancellationToken ct) =>
        inner.MarkStepDoneAsync(campaignId, step, at, ct);
}

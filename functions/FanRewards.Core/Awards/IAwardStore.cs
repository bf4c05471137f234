using FanRewards.Core.Outbox;

namespace FanRewards.Core.Awards;

public interface IAwardStore
{
    /// <summary>
    /// Gives the entrant one unit of the prize's stock, claiming one of the unit rows 1..<paramref name="stock"/> (one row
    /// per unit, so no single entity is fought over), together with the award, its outbox event and, unless the campaign
    /// allows several wins, the entrant's one-win marker: all one transaction. Nothing given when the stock is gone or
    /// the entrant has already won in this campaign; the outcome says which, so a caller walking several tiers stops at
    /// a winner. What a burst costs must not grow with the number of racers.
    /// </summary>
    Task<StockOutcome> TryAwardFromStockAsync(Award award, int stock, bool oneWinPerEntrant, OutboxEvent awarded, CancellationToken ct);

    /// <summary>
    /// Inserts each award with its event in one transaction, unless the award exists (a repeated step finds it done).
    /// With <paramref name="oneWinPerEntrant"/> the entrant's one-win marker goes into the same transaction, as for a
    /// unit of stock: when the marker holds another award (they won elsewhere first), the award is still written,
    /// without the marker and without its event, already out of play: ended "already-won" with
    /// <see cref="Award.PassPending"/>, and its id is returned so the caller passes it on. A repeated step finds its own
    /// marker and returns nothing for it, unless that run wrote the award out of play and its pass has not landed; an award
    /// it wrote without the marker is returned again (passed on since or not).
    /// An award given with <see cref="Award.PassPending"/> (out of play for a reason of the caller's) is written as given,
    /// without its event.
    /// </summary>
    /// <returns>The ids of the awards whose entrants had won elsewhere first; empty without <paramref name="oneWinPerEntrant"/>.</returns>
    Task<IReadOnlySet<string>> EnsureAwardsAsync(IReadOnlyList<(Award Award, OutboxEvent Event)> awards, bool oneWinPerEntrant, CancellationToken ct);

    /// <summary>
    /// Replaces the award if it is still at its ETag, together with its events: one transaction (a prize passing on is
    /// <see cref="TryPassOnAsync"/>). False when someone changed it first. A draw's award also moves the campaign's
    /// awards version in the same transaction (see <see cref="FindAwardsVersionAsync"/>).
    /// </summary>
    Task<bool> TryUpdateAsync(Award award, IReadOnlyList<OutboxEvent> events, CancellationToken ct);

    /// <summary>
    /// A prize passing on, one transaction: the ended award at its ETag with its events, and the awards the prize passes
    /// through. The one still awarded (the last, if any) is its new holder and, with <paramref name="oneWinPerEntrant"/>,
    /// takes its entrant's one-win marker in the same transaction; the ones before it ended "already-won" at once (their
    /// entrants' markers were found held by other awards). Moves the awards version as <see cref="TryUpdateAsync"/> does.
    /// </summary>
    Task<PassWrite> TryPassOnAsync(Award ended, IReadOnlyList<OutboxEvent> events, IReadOnlyList<Award> passedThrough, bool oneWinPerEntrant,
        CancellationToken ct);

    Task<Award?> FindAsync(string campaignId, string awardId, CancellationToken ct);

    /// <summary>
    /// The id of the award holding the entrant's one-win marker in the campaign (one point read), or null when they hold
    /// none: whether they have won here, found without reading the campaign's awards.
    /// </summary>
    Task<string?> FindWinAsync(string campaignId, string pseudonym, CancellationToken ct);

    Task<IReadOnlyList<Award>> ListAsync(string campaignId, CancellationToken ct);
    Task<IReadOnlyList<Award>> ListForEntrantAsync(string campaignId, string pseudonym, CancellationToken ct);
    /// <summary>How many units of the prize are given.</summary>
    Task<int> CountAwardedAsync(string campaignId, string prizeId, CancellationToken ct);

    /// <summary>Whether a step that gives awards once (a top-N activity) has finished in the campaign.</summary>
    Task<bool> IsStepDoneAsync(string campaignId, string step, CancellationToken ct);

    /// <summary>Records that the step has finished, after its awards are written; marking twice is harmless.</summary>
    Task MarkStepDoneAsync(string campaignId, string step, DateTimeOffset at, CancellationToken ct);

    /// <summary>
    /// The campaign's awards version: it changes with every claim or pass of a draw's prize (written in the same
    /// transaction), so a reader learns by one point read whether what it built from the awards is still current.
    /// Empty when no such change was ever made.
    /// </summary>
    Task<string> FindAwardsVersionAsync(string campaignId, CancellationToken ct);
}

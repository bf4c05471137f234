using Azure;
using Azure.Data.Tables;
using FanRewards.Core.Awards;
using FanRewards.Core.Outbox;

namespace FanRewards.Storage;

/// <summary>
/// Awards in the campaign's partition of the Awards table. Giving a unit of stock is one transaction that inserts
/// the unit row "unit:{prizeId}:{n}", the award, the entrant's one-win marker and the outbox event: storage lets
/// exactly one writer insert a unit row, so stock is never oversold and nobody holds two wins, and the event
/// exists exactly when the award does. Once every unit is taken, the row "soldout:{prizeId}" says so to instances
/// that were not there.
/// </summary>
public sealed partial class TableAwardStore(StorageTables tables, AwardChanges changes) : IAwardStore
{
    /// <summary>The campaign's awards version row: its ETag moves with every committed change to a draw's award.</summary>
    private const string AwardsVersionKey = "version:awards";

    public async Task<IReadOnlySet<string>> EnsureAwardsAsync(IReadOnlyList<(Award Award, OutboxEvent Event)> awards, bool oneWinPerEntrant,
        CancellationToken ct)
    {
        var wonElsewhere = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (award, awarded) in awards)
        {
            List<TableTransactionAction> actions = [new(TableTransactionActionType.Add, ToEntity(award))];
            // An award written out of play announces nothing: its pass's "prize passed on" is the first event about it.
            if (!award.PassPending) actions.AddRange([new(TableTransactionActionType.Add, OutboxRow(awarded, award)), .. TableOutbox.NewestFirstActions([awarded])]);
            if (oneWinPerEntrant) actions.Add(new(TableTransactionActionType.Add, WinnerMarker(award)));
            if (await TrySubmitAsync(actions, ct) || !oneWinPerEntrant) continue; // a 409 without the marker: written by an earlier run

            // The award or the marker was there. The marker says whose win it is: this award's (an earlier run of the same
            // step), nobody's (an award written before draws took markers), or another award's: they won elsewhere first.
            var holder = await tables.Awards.GetEntityIfExistsAsync<TableEntity>(award.CampaignId, WinnerKey(award.Pseudonym), ["AwardId"], ct);
            if (!holder.HasValue || holder.Value!.GetString("AwardId") == award.AwardId)
            {
                // Its own marker, yet an earlier run may have written it out of play (its winner taken out after the seal
                // then, whatever this run saw since): it is returned until its pass lands, so no prize is left pending.
                if ((await FindAsync(award.CampaignId, award.AwardId, ct))?.PassPending == true) wonElsewhere.Add(award.AwardId);
                continue;
            }
            // Written without the marker and already out of play (a 409 here: an earlier run wrote it), so it is on record and
            // can pass on, yet no claim, code, sweep or integrator ever takes it for a second win while its pass is pending.
            await TrySubmitAsync([new(TableTransactionActionType.Add, ToEntity(OutOfPlay(award)))], ct);
            wonElsewhere.Add(award.AwardId);
        }
        return wonElsewhere;
    }

    /// <summary>The award ended "already-won" with its pass pending, unless the caller wrote it out of play already (its own reason kept).</summary>
    private static Award OutOfPlay(Award award) => award.PassPending ? award : award with { Status = AwardStatus.AlreadyWon, PassPending = true };

    /// <summary>The transaction, or false when one of its inserts found its row there.</summary>
    private async Task<bool> TrySubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken ct)
    {
        try
        {
            await tables.Awards.SubmitTransactionAsync(actions, ct);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    private static string WinnerKey(string pseudonym) => $"winner:{pseudonym}";

    /// <summary>The entrant's one-win marker, naming the award that holds it.</summary>
    private static TableEntity WinnerMarker(Award award) => new(award.CampaignId, WinnerKey(award.Pseudonym)) { ["AwardId"] = award.AwardId };

    public async Task<bool> TryUpdateAsync(Award award, IReadOnlyList<OutboxEvent> events, CancellationToken ct)
    {
        try
        {
            await SubmitChangeAsync(award, ChangeActions(award, events, []), ct);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 412 or 409 or 404)
        {
            return false;
        }
    }

    public async Task<PassWrite> TryPassOnAsync(Award ended, IReadOnlyList<OutboxEvent> events, IReadOnlyList<Award> passedThrough, bool oneWinPerEntrant,
        CancellationToken ct)
    {
        var actions = ChangeActions(ended, events, passedThrough);
        var holder = passedThrough.LastOrDefault(a => a.Status == AwardStatus.Awarded);
        if (oneWinPerEntrant && holder is not null) actions.Add(new(TableTransactionActionType.Add, WinnerMarker(holder)));
        try
        {
            await SubmitChangeAsync(ended, actions, ct);
            return PassWrite.Written;
        }
        catch (TableTransactionFailedException e) when (e.Status is 412 or 409 or 404)
        {
            if (!oneWinPerEntrant || holder is null || e.Status != 409) return PassWrite.Changed;
        }
        // A row was there: the holder's marker, if it names another award (they won elsewhere first), or the holder's own
        // award, written by a pass that got there first (then the marker is its own, or the award changed: read again).
        var marker = await tables.Awards.GetEntityIfExistsAsync<TableEntity>(holder.CampaignId, WinnerKey(holder.Pseudonym), ["AwardId"], ct);
        return marker.HasValue && marker.Value!.GetString("AwardId") != holder.AwardId ? PassWrite.HolderWonElsewhere : PassWrite.Changed;
    }

    /// <summary>The award replaced at its ETag, its events, and the awards it adds (a prize passing on).</summary>
    private static List<TableTransactionAction> ChangeActions(Award award, IReadOnlyList<OutboxEvent> events, IReadOnlyList<Award> added)
    {
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, ToEntity(award), new ETag(award.ETag!)),
        };
        var announced = added.Count > 0 ? added[0] : award;
        actions.AddRange(events.Select(e => new TableTransactionAction(TableTransactionActionType.Add, OutboxRow(e, announced))));
        actions.AddRange(TableOutbox.NewestFirstActions(events));
        actions.AddRange(added.Select(a => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(a))));
        return actions;
    }

    /// <summary>
    /// Submits a change to an award. Winners and proofs show draws' awards only: their readers learn of a claim or a pass
    /// by the awards version row, which commits with the change or not at all (an upsert without ETag never makes the
    /// transaction fail).
    /// </summary>
    private async Task SubmitChangeAsync(Award award, List<TableTransactionAction> actions, CancellationToken ct)
    {
        var published = award.DrawId is not null;
        if (published)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(award.CampaignId, AwardsVersionKey)
            {
                ["AwardId"] = award.AwardId,
            }));
        }

        await tables.Awards.SubmitTransactionAsync(actions, ct);
        if (published) changes.Changed(award.CampaignId);
    }
}

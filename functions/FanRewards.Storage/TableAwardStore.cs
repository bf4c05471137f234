using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using FanRewards.Core.Awards;
using FanRewards.Core.Json;
using FanRewards.Core.Outbox;

namespace FanRewards.Storage;

/// <summary>
/// Awards in the campaign's partition of the Awards table. Giving a unit of stock is one transaction that inserts
/// the unit row "unit:{prizeId}:{n}", the award, the entrant's one-win marker and the outbox event: storage lets
/// exactly one writer insert a unit row, so stock is never oversold and nobody holds two wins, and the event
/// exists exactly when the award does. Once every unit is taken, the row "soldout:{prizeId}" says so to instances
/// that were not there.
/// </summary>
public sealed class TableAwardStore(StorageTables tables, AwardChanges changes) : IAwardStore
{
    /// <summary>The campaign's awards version row: its ETag moves with every committed change to a draw's award.</summary>
    private const string AwardsVersionKey = "version:awards";

    private const string SoldOutPrefix = "soldout:";
    // A stock transaction adds the unit, the award, its event and then the one-win marker: a failure at this index
    // means the entrant had won already, at any earlier one that the unit was taken.
    private const int WinnerAction = 3;

    /// <summary>Per campaign, prize and stock: what this instance knows of the units, read from storage once.</summary>
    private readonly ConcurrentDictionary<string, Lazy<Task<StockPicture>>> _pictures = new(StringComparer.Ordinal);
    /// <summary>Re-reads of the taken units, one at a time per picture, shared by the racers that want one.</summary>
    private readonly ConcurrentDictionary<StockPicture, Lazy<Task>> _refreshes = new();

    /// <summary>
    /// Each racer tries a unit at random among those this instance does not know to be taken and no other racer of it
    /// is trying, so a unit costs about one transaction however many racers there are (they used to try the units in
    /// order, from the same start, and each unit cost a failed transaction per racer). When every unit is known taken,
    /// one range query confirms it and the sold-out marker is written; from then on this instance answers without
    /// storage, and another instance reads the marker once.
    /// </summary>
    public async Task<StockOutcome> TryAwardFromStockAsync(Award award, int stock, bool oneWinPerEntrant, OutboxEvent awarded, CancellationToken ct)
    {
        if (stock <= 0) return StockOutcome.SoldOut;
        var picture = await PictureAsync(award.CampaignId, award.PrizeId, stock, ct);
        while (!picture.SoldOut)
        {
            var (unit, wait) = picture.Pick();
            if (unit is null)
            {
                // Every other unit is being tried by this instance's racers: wait for one to finish (it may fail and
                // give the unit back) rather than try a unit twice. Nothing in flight: storage decides whether it is gone.
                if (wait is not null) await wait.WaitAsync(ct);
                else await RefreshAsync(picture, award.CampaignId, award.PrizeId, ct);
                continue;
            }

            var outcome = await TryUnitAsync(award, unit.Value, oneWinPerEntrant, awarded, picture, ct);
            if (outcome is not null) return outcome;
            if (picture.ConflictCallsForRefresh()) await RefreshAsync(picture, award.CampaignId, award.PrizeId, ct);
        }
        ForgetUnits(award.CampaignId, award.PrizeId, stock);
        return StockOutcome.SoldOut;
    }

    /// <summary>The outcome, or null when another instance had taken the unit (then the picture knows it).</summary>
    private async Task<StockOutcome?> TryUnitAsync(Award award, int unit, bool oneWinPerEntrant, OutboxEvent awarded, StockPicture picture,
        CancellationToken ct)
    {
        var given = award with { Unit = unit, AwardId = $"{WireName.Of(award.Mode)}-{award.PrizeId}-{unit:D7}" };
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, new TableEntity(award.CampaignId, $"unit:{award.PrizeId}:{unit:D7}")
            {
                ["Pseudonym"] = award.Pseudonym,
            }),
            new(TableTransactionActionType.Add, ToEntity(given)),
            new(TableTransactionActionType.Add, OutboxRow(awarded with { EventId = $"{awarded.EventId}-{unit:D7}" }, given)),
        };
        if (oneWinPerEntrant)
        {
            actions.Add(new(TableTransactionActionType.Add, WinnerMarker(given)));
        }

        int failed;
        try
        {
            var response = await tables.Awards.SubmitTransactionAsync(actions, ct);
            picture.Taken(unit);
            return new StockOutcome(given with { ETag = response.Value[1].Headers.ETag?.ToString() }) { UnitsTaken = picture.TakenCount };
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            failed = e.FailedTransactionActionIndex ?? -1;
        }
        catch
        {
            // The transaction may or may not have landed: the unit is not known taken, and storage decides next time.
            picture.Release(unit);
            throw;
        }

        // Storage names the action that found its row there: the unit (or its award or event, keyed by the unit) was
        // taken, or this entrant had won already. Only if it does not say is the one-win marker read.
        bool winner;
        try
        {
            winner = oneWinPerEntrant && (failed >= 0
                ? failed == WinnerAction
                : (await tables.Awards.GetEntityIfExistsAsync<TableEntity>(award.CampaignId, WinnerKey(award.Pseudonym), ["RowKey"], ct)).HasValue);
        }
        catch
        {
            picture.Release(unit);
            throw;
        }
        if (!winner)
        {
            picture.Taken(unit);
            return null;
        }
        picture.Release(unit);
        return StockOutcome.Winner;
    }

    private async Task<StockPicture> PictureAsync(string campaignId, string prizeId, int stock, CancellationToken ct)
    {
        var key = $"{campaignId}|{prizeId}|{stock}";
        var lazy = _pictures.GetOrAdd(key, _ => new Lazy<Task<StockPicture>>(() => LoadPictureAsync(campaignId, prizeId, stock)));
        try
        {
            return await lazy.Value.WaitAsync(ct);
        }
        catch when (lazy.Value.IsFaulted)
        {
            _pictures.TryRemove(new KeyValuePair<string, Lazy<Task<StockPicture>>>(key, lazy)); // the next racer reads again
            throw;
        }
    }

    /// <summary>A new picture knows nothing taken, unless the sold-out marker (one point read) says all is.</summary>
    private async Task<StockPicture> LoadPictureAsync(string campaignId, string prizeId, int stock)
    {
        var marker = await tables.Awards.GetEntityIfExistsAsync<TableEntity>(campaignId, SoldOutPrefix + prizeId, ["Stock"], CancellationToken.None);
        // A marker written for a smaller stock (the prize's count was raised since) says nothing about the new units.
        return marker.HasValue && marker.Value!.GetInt32("Stock") >= stock ? StockPicture.SoldOutOf(stock) : new StockPicture(stock);
    }

    /// <summary>A sold-out prize keeps only the fact in memory, not its bit sets (a long-lived instance meets many).</summary>
    private void ForgetUnits(string campaignId, string prizeId, int stock)
    {
        var key = $"{campaignId}|{prizeId}|{stock}";
        if (_pictures.TryGetValue(key, out var known) && known.IsValueCreated && known.Value.IsCompletedSuccessfully && known.Value.Result.SoldOut)
            _pictures.TryUpdate(key, new Lazy<Task<StockPicture>>(Task.FromResult(StockPicture.SoldOutOf(stock))), known);
    }

    private async Task RefreshAsync(StockPicture picture, string campaignId, string prizeId, CancellationToken ct)
    {
        var lazy = _refreshes.GetOrAdd(picture, p => new Lazy<Task>(() => ReadTakenUnitsAsync(p, campaignId, prizeId)));
        try
        {
            await lazy.Value.WaitAsync(ct);
        }
        finally
        {
            if (lazy.Value.IsCompleted) _refreshes.TryRemove(new KeyValuePair<StockPicture, Lazy<Task>>(picture, lazy));
        }
    }

    /// <summary>
    /// One range query over the prize's unit rows (keys only): the picture learns every taken unit, and when that is all
    /// of them the sold-out marker is written (an upsert: instances confirming at once write the same thing).
    /// </summary>
    private async Task ReadTakenUnitsAsync(StockPicture picture, string campaignId, string prizeId)
    {
        var prefix = $"unit:{prizeId}:";
        var taken = new List<int>();
        await foreach (var row in tables.Awards.QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey eq {campaignId} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + ";"}"),
                           maxPerPage: 1000, select: ["RowKey"], cancellationToken: CancellationToken.None))
        {
            if (int.TryParse(row.RowKey.AsSpan(prefix.Length), System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out var unit))
            {
                taken.Add(unit);
            }
        }

        if (picture.Learn(taken) < picture.Stock) return;
        await tables.Awards.UpsertEntityAsync(new TableEntity(campaignId, SoldOutPrefix + prizeId) { ["Stock"] = picture.Stock },
            TableUpdateMode.Replace, CancellationToken.None);
        picture.MarkSoldOut();
    }

    public async Task<IReadOnlySet<string>> EnsureAwardsAsync(IReadOnlyList<(Award Award, OutboxEvent Event)> awards, bool oneWinPerEntrant,
        CancellationToken ct)
    {
        var wonElsewhere = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (award, awarded) in awards)
        {
            List<TableTransactionAction> actions =
            [
                new(TableTransactionActionType.Add, ToEntity(award)),
                new(TableTransactionActionType.Add, OutboxRow(awarded, award)),
            ];
            if (oneWinPerEntrant) actions.Add(new(TableTransactionActionType.Add, WinnerMarker(award)));
            if (await TrySubmitAsync(actions, ct) || !oneWinPerEntrant) continue; // a 409 without the marker: written by an earlier run

            // The award or the marker was there. The marker says whose win it is: this award's (an earlier run of the same
            // step), nobody's (an award written before draws took markers), or another award's: they won elsewhere first.
            var holder = await tables.Awards.GetEntityIfExistsAsync<TableEntity>(award.CampaignId, WinnerKey(award.Pseudonym), ["AwardId"], ct);
            if (!holder.HasValue || holder.Value!.GetString("AwardId") == award.AwardId) continue;
            // Written without the marker (a 409 here: an earlier run wrote it), so it is on record and can pass on.
            await TrySubmitAsync(actions.Take(2).ToList(), ct);
            wonElsewhere.Add(award.AwardId);
        }
        return wonElsewhere;
    }

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

    public async Task<Award?> FindAsync(string campaignId, string awardId, CancellationToken ct)
    {
        var row = await tables.Awards.GetEntityIfExistsAsync<TableEntity>(campaignId, $"award:{awardId}", cancellationToken: ct);
        return row.HasValue ? ToAward(row.Value!) : null;
    }

    public async Task<string> FindAwardsVersionAsync(string campaignId, CancellationToken ct)
    {
        var row = await tables.Awards.GetEntityIfExistsAsync<TableEntity>(campaignId, AwardsVersionKey, select: ["AwardId"], cancellationToken: ct);
        return row.HasValue ? row.Value!.ETag.ToString() : "";
    }

    public async Task<IReadOnlyList<Award>> ListAsync(string campaignId, CancellationToken ct) =>
        await QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {campaignId} and RowKey ge {"award:"} and RowKey lt {"award;"}"), ct);

    public async Task<IReadOnlyList<Award>> ListForEntrantAsync(string campaignId, string pseudonym, CancellationToken ct) =>
        await QueryAsync(TableClient.CreateQueryFilter(
            $"PartitionKey eq {campaignId} and RowKey ge {"award:"} and RowKey lt {"award;"} and Pseudonym eq {pseudonym}"), ct);

    public async Task<int> CountAwardedAsync(string campaignId, string prizeId, CancellationToken ct)
    {
        var prefix = $"unit:{prizeId}:";
        var count = 0;
        await foreach (var _ in tables.Awards.QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey eq {campaignId} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + ";"}"),
                           select: ["RowKey"], cancellationToken: ct))
        {
            count++;
        }

        return count;
    }

    public async Task<bool> IsStepDoneAsync(string campaignId, string step, CancellationToken ct) =>
        (await tables.Awards.GetEntityIfExistsAsync<TableEntity>(campaignId, $"done:{step}", select: ["RowKey"], cancellationToken: ct)).HasValue;

    public async Task MarkStepDoneAsync(string campaignId, string step, DateTimeOffset at, CancellationToken ct) =>
        await tables.Awards.UpsertEntityAsync(new TableEntity(campaignId, $"done:{step}") { ["DoneAt"] = at }, TableUpdateMode.Replace, ct);

    private async Task<IReadOnlyList<Award>> QueryAsync(string filter, CancellationToken ct)
    {
        var result = new List<Award>();
        await foreach (var row in tables.Awards.QueryAsync<TableEntity>(filter, cancellationToken: ct)) result.Add(ToAward(row));
        return result.OrderBy(a => a.AwardedAt).ToList();
    }

    /// <summary>
    /// The event's row for the outbox, in the format <see cref="TableOutbox"/> reads and publishes. An event without data
    /// of its own carries the award it announces (with the entrant id: the organiser's notification and fulfilment
    /// systems are who it is for).
    /// </summary>
    private static TableEntity OutboxRow(OutboxEvent e, Award award) => TableOutbox.ToEntity(e.DataJson is { Length: > 0 } ? e : e with
    {
        DataJson = System.Text.Json.JsonSerializer.Serialize(new
        {
            campaignId = award.CampaignId, awardId = award.AwardId, prizeId = award.PrizeId, activityId = award.ActivityId,
            pseudonym = award.Pseudonym, entrantId = award.EntrantId, mode = award.Mode, unit = award.Unit, rank = award.Rank,
            drawId = award.DrawId, status = award.Status, claimDeadline = award.ClaimDeadline, awardedAt = award.AwardedAt,
            passedFrom = award.PassedFrom,
        }, Core.Json.FanRewardsJson.Options),
    });

    private static TableEntity ToEntity(Award a)
    {
        var entity = new TableEntity(a.CampaignId, $"award:{a.AwardId}")
        {
            ["AwardId"] = a.AwardId, ["PrizeId"] = a.PrizeId, ["ActivityId"] = a.ActivityId, ["Pseudonym"] = a.Pseudonym,
            ["EntrantId"] = a.EntrantId, ["Mode"] = WireName.Of(a.Mode), ["AwardedAt"] = a.AwardedAt,
        };
        if (a.Unit is { } unit) entity["Unit"] = unit;
        if (a.VoucherCode is not null) entity["VoucherCode"] = a.VoucherCode;
        entity["Status"] = WireName.Of(a.Status);
        if (a.ClaimDeadline is { } deadline) entity["ClaimDeadline"] = deadline;
        if (a.DrawId is not null) entity["DrawId"] = a.DrawId;
        if (a.Rank is { } rank) entity["Rank"] = rank;
        if (a.PassedFrom is not null) entity["PassedFrom"] = a.PassedFrom;
        if (a.PassedTo is not null) entity["PassedTo"] = a.PassedTo;
        if (a.ClaimedAt is { } claimed) entity["ClaimedAt"] = claimed;
        if (a.CodeShownAt is { } shown) entity["CodeShownAt"] = shown;
        return entity;
    }

    private static Award ToAward(TableEntity e) => new()
    {
        CampaignId = e.PartitionKey, AwardId = e.GetString("AwardId"), PrizeId = e.GetString("PrizeId"), ActivityId = e.GetString("ActivityId"),
        Pseudonym = e.GetString("Pseudonym"), EntrantId = e.GetString("EntrantId"), Mode = WireName.Parse<AwardedBy>(e.GetString("Mode")),
        AwardedAt = e.GetDateTimeOffset("AwardedAt")!.Value, Unit = e.GetInt32("Unit"), VoucherCode = e.GetString("VoucherCode"),
        Status = e.GetString("Status") is { } status ? WireName.Parse<AwardStatus>(status) : AwardStatus.Awarded, ClaimDeadline = e.GetDateTimeOffset("ClaimDeadline"), DrawId = e.GetString("DrawId"),
        Rank = e.GetInt32("Rank"), PassedFrom = e.GetString("PassedFrom"), PassedTo = e.GetString("PassedTo"), ClaimedAt = e.GetDateTimeOffset("ClaimedAt"),
        CodeShownAt = e.GetDateTimeOffset("CodeShownAt"),
        ETag = e.ETag.ToString(),
    };
}

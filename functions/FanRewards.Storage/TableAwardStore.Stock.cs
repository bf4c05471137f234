using System.Collections.Concurrent;
using Azure.Data.Tables;
using FanRewards.Core.Awards;
using FanRewards.Core.Json;
using FanRewards.Core.Outbox;

namespace FanRewards.Storage;

/// <summary>Giving a unit of stock: what this instance knows of the units (<see cref="StockPicture"/>), the unit's
/// transaction, and the sold-out marker.</summary>
public sealed partial class TableAwardStore
{
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
        actions.AddRange(TableOutbox.NewestFirstActions([awarded])); // last: an upsert, it never fails the transaction

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
}

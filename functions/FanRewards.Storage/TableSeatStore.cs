using System.Collections.Concurrent;
using Azure.Data.Tables;
using FanRewards.Core.Entries;

namespace FanRewards.Storage;

/// <summary>
/// Seats of a signup activity in one partition of CampaignState ("{campaignId}:seats:{activityId}"): a row
/// "seat:{n}" per taken seat and a row "holder:{entrantId}" per holder, inserted together in one transaction. The
/// seat row makes a seat go to one entrant; the holder row makes an entrant hold one seat.
/// </summary>
public sealed class TableSeatStore(StorageTables tables) : ISeatStore
{
    /// <summary>Where this instance starts probing: seats below it are known to be taken, so a burst does not re-probe them.</summary>
    private readonly ConcurrentDictionary<string, int> _firstPossiblyFree = new(StringComparer.Ordinal);

    public async Task<int?> TryClaimAsync(string campaignId, string activityId, int seats, string entrantId, CancellationToken ct)
    {
        var partition = $"{campaignId}:seats:{activityId}";
        var holderKey = $"holder:{entrantId}";
        var held = await tables.CampaignState.GetEntityIfExistsAsync<TableEntity>(partition, holderKey, cancellationToken: ct);
        if (held.HasValue) return held.Value!.GetInt32("Seat");

        for (var seat = _firstPossiblyFree.GetValueOrDefault(partition, 1); seat <= seats; seat++)
        {
            try
            {
                await tables.CampaignState.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.Add,
                        new TableEntity(partition, $"seat:{seat:D7}") { ["EntrantId"] = entrantId }),
                    new TableTransactionAction(TableTransactionActionType.Add,
                        new TableEntity(partition, holderKey) { ["Seat"] = seat }),
                ], ct);
                return seat;
            }
            catch (TableTransactionFailedException e) when (e.Status == 409)
            {
                // Either the seat was taken, or a concurrent request of the same entrant took a seat first, which is
                // then their seat. Asking storage tells the two apart without trusting the failed action's index.
                var holder = await tables.CampaignState.GetEntityIfExistsAsync<TableEntity>(partition, holderKey, cancellationToken: ct);
                if (holder.HasValue) return holder.Value!.GetInt32("Seat");
                _firstPossiblyFree.AddOrUpdate(partition, seat + 1, (_, known) => Math.Max(known, seat + 1));
            }
        }
        return null;
    }
}

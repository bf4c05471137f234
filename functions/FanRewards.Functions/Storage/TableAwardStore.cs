using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using FanRewards.Core.Awards;

namespace FanRewards.Functions.Storage;

/// <summary>
/// Awards in the campaign's partition of the Awards table. Giving a unit of stock is one transaction that inserts
/// the unit row "unit:{prizeId}:{n}", the award, the entrant's one-win marker and the outbox event: storage lets
/// exactly one writer insert a unit row, so stock is never oversold and nobody holds two wins, and the event
/// exists exactly when the award does.
/// </summary>
public sealed class TableAwardStore(StorageTables tables, AwardChanges? changes = null) : IAwardStore
{
    /// <summary>The campaign's awards version row: its ETag moves with every committed change to a draw's award.</summary>
    private const string AwardsVersionKey = "version:awards";

    /// <summary>Where this instance starts probing a prize's units: lower ones are known to be taken.</summary>
    private readonly ConcurrentDictionary<string, int> _firstPossiblyFree = new(StringComparer.Ordinal);

    public async Task<Award?> TryAwardFromStockAsync(Award award, int stock, bool oneWinPerEntrant, OutboxEvent awarded, CancellationToken ct)
    {
        var hintKey = $"{award.CampaignId}|{award.PrizeId}";
        for (var unit = _firstPossiblyFree.GetValueOrDefault(hintKey, 1); unit <= stock; unit++)
        {
            var given = award with { Unit = unit, AwardId = $"{award.Mode}-{award.PrizeId}-{unit:D7}" };
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
                actions.Add(new(TableTransactionActionType.Add, new TableEntity(award.CampaignId, $"winner:{award.Pseudonym}")
                {
                    ["AwardId"] = given.AwardId,
                }));
            try
            {
                var response = await tables.Awards.SubmitTransactionAsync(actions, ct);
                return given with { ETag = response.Value[1].Headers.ETag?.ToString() };
            }
            catch (TableTransactionFailedException e) when (e.Status == 409)
            {
                // Either the unit was taken, or this entrant already won: storage says which.
                if (oneWinPerEntrant && (await tables.Awards.GetEntityIfExistsAsync<TableEntity>(award.CampaignId, $"winner:{award.Pseudonym}",
                        cancellationToken: ct)).HasValue)
                    return null;
                _firstPossiblyFree.AddOrUpdate(hintKey, unit + 1, (_, known) => Math.Max(known, unit + 1));
            }
        }
        return null;
    }

    public async Task EnsureAwardsAsync(IReadOnlyList<(Award Award, OutboxEvent Event)> awards, CancellationToken ct)
    {
        foreach (var (award, awarded) in awards)
        {
            try
            {
                await tables.Awards.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.Add, ToEntity(award)),
                    new TableTransactionAction(TableTransactionActionType.Add, OutboxRow(awarded, award)),
                ], ct);
            }
            catch (TableTransactionFailedException e) when (e.Status == 409)
            {
                // Written by an earlier run of the same step: the award and its event exist already.
            }
        }
    }

    public async Task<bool> TryUpdateAsync(Award award, IReadOnlyList<OutboxEvent> events, Award? passedTo, CancellationToken ct)
    {
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, ToEntity(award), new ETag(award.ETag!)),
        };
        actions.AddRange(events.Select(e => new TableTransactionAction(TableTransactionActionType.Add, OutboxRow(e, passedTo ?? award))));
        if (passedTo is not null) actions.Add(new TableTransactionAction(TableTransactionActionType.Add, ToEntity(passedTo)));
        // Winners and proofs show draws' awards only: their readers learn of a claim or a pass by this row, which
        // commits with the change or not at all. An upsert without ETag never makes the transaction fail.
        var published = award.DrawId is not null;
        if (published)
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(award.CampaignId, AwardsVersionKey)
            {
                ["AwardId"] = award.AwardId,
            }));
        try
        {
            await tables.Awards.SubmitTransactionAsync(actions, ct);
            if (published) changes?.Changed(award.CampaignId);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 412 or 409 or 404)
        {
            return false;
        }
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
            count++;
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
            ["EntrantId"] = a.EntrantId, ["Mode"] = a.Mode, ["AwardedAt"] = a.AwardedAt,
        };
        if (a.Unit is { } unit) entity["Unit"] = unit;
        if (a.VoucherCode is not null) entity["VoucherCode"] = a.VoucherCode;
        entity["Status"] = a.Status;
        if (a.ClaimDeadline is { } deadline) entity["ClaimDeadline"] = deadline;
        if (a.DrawId is not null) entity["DrawId"] = a.DrawId;
        if (a.Rank is { } rank) entity["Rank"] = rank;
        if (a.PassedFrom is not null) entity["PassedFrom"] = a.PassedFrom;
        if (a.PassedTo is not null) entity["PassedTo"] = a.PassedTo;
        if (a.ClaimedAt is { } claimed) entity["ClaimedAt"] = claimed;
        return entity;
    }

    private static Award ToAward(TableEntity e) => new()
    {
        CampaignId = e.PartitionKey, AwardId = e.GetString("AwardId"), PrizeId = e.GetString("PrizeId"), ActivityId = e.GetString("ActivityId"),
        Pseudonym = e.GetString("Pseudonym"), EntrantId = e.GetString("EntrantId"), Mode = e.GetString("Mode"),
        AwardedAt = e.GetDateTimeOffset("AwardedAt")!.Value, Unit = e.GetInt32("Unit"), VoucherCode = e.GetString("VoucherCode"),
        Status = e.GetString("Status") ?? AwardStatus.Awarded, ClaimDeadline = e.GetDateTimeOffset("ClaimDeadline"), DrawId = e.GetString("DrawId"),
        Rank = e.GetInt32("Rank"), PassedFrom = e.GetString("PassedFrom"), PassedTo = e.GetString("PassedTo"), ClaimedAt = e.GetDateTimeOffset("ClaimedAt"),
        ETag = e.ETag.ToString(),
    };
}

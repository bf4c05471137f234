using Azure.Data.Tables;
using FanRewards.Core.Awards;

namespace FanRewards.Storage;

/// <summary>Reading awards back: one award, the awards version, the lists, the count of units given, the steps done.</summary>
public sealed partial class TableAwardStore
{
    public async Task<Award?> FindAsync(string campaignId, string awardId, CancellationToken ct)
    {
        var row = await tables.Awards.GetEntityIfExistsAsync<TableEntity>(campaignId, AwardKey(awardId), cancellationToken: ct);
        return row.HasValue ? ToAward(row.Value!) : null;
    }

    public async Task<string?> FindWinAsync(string campaignId, string pseudonym, CancellationToken ct)
    {
        var marker = await tables.Awards.GetEntityIfExistsAsync<TableEntity>(campaignId, WinnerKey(pseudonym), ["AwardId"], ct);
        return marker.HasValue ? marker.Value!.GetString("AwardId") : null;
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
}

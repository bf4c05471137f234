using Azure;
using Azure.Data.Tables;
using FanRewards.Core.Awards;
using FanRewards.Core.Fairness;

namespace FanRewards.Storage;

/// <summary>Instant-win seeds in CampaignState ("{campaignId}:instant", RK activityId): like a draw's seed, out of every response until the close.</summary>
public sealed class TableInstantSeedStore(StorageTables tables) : IInstantSeedStore
{
    public async Task<string> EnsureAsync(string campaignId, string activityId, CancellationToken ct)
    {
        var seed = DrawScoring.NewSeed();
        try
        {
            await tables.CampaignState.AddEntityAsync(new TableEntity($"{campaignId}:instant", activityId)
            {
                ["Seed"] = seed, ["Commitment"] = DrawScoring.Commitment(seed),
            }, ct);
            return DrawScoring.Commitment(seed);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = await tables.CampaignState.GetEntityAsync<TableEntity>($"{campaignId}:instant", activityId, cancellationToken: ct);
            return existing.Value.GetString("Commitment");
        }
    }

    public async Task<byte[]?> FindSeedAsync(string campaignId, string activityId, CancellationToken ct)
    {
        var row = await tables.CampaignState.GetEntityIfExistsAsync<TableEntity>($"{campaignId}:instant", activityId, cancellationToken: ct);
        return row.HasValue ? row.Value!.GetBinary("Seed") : null;
    }
}

using Azure;
using Azure.Data.Tables;
using FanRewards.Core.Draws;

namespace FanRewards.Storage;

/// <summary>
/// The due index and the step leases of draws.
/// <list type="bullet">
/// <item>Due index: Draws table, partition <see cref="DueIndexPartition"/> (not a campaign id: ids are [a-z0-9-]), a row
/// "{campaignId}:{drawId}" per draw from publish until it is drawn, with the time from which the timer looks at it.</item>
/// <item>Step leases: DrawShards table, the draw's partition "{campaignId}:{drawId}" (beside the shard partitions
/// "{campaignId}:{drawId}:{bucket}"), rows "lease:{bucket}" and "lease:merge", so one query reads a draw's every lease.</item>
/// </list>
/// </summary>
public sealed partial class TableDrawStore
{
    public const string DueIndexPartition = "~due";
    private const string LeasePrefix = "lease:";
    private const string MergeLease = "merge";

    private static string DueKey(string campaignId, string drawId) => $"{campaignId}:{drawId}";
    private static string LeasePartition(string campaignId, string drawId) => $"{campaignId}:{drawId}";
    private const string ScorePrefix = "score:";
    private static string LeaseKey(int? bucket, DrawPhase phase) =>
        LeasePrefix + (bucket is not { } b ? MergeLease : phase == DrawPhase.Score ? $"{ScorePrefix}{b:D3}" : $"{b:D3}");

    private const string UpgradePartition = "~due-index";

    /// <summary>
    /// Once per storage account: puts the draws stored before the due index existed into it (the timer reads nothing
    /// else), then leaves a marker, so every later call is one point read. Scans the Draws table that one time.
    /// </summary>
    public async Task IndexUnfinishedDrawsOnceAsync(CancellationToken ct)
    {
        if ((await tables.Draws.GetEntityIfExistsAsync<TableEntity>(UpgradePartition, "done", cancellationToken: ct)).HasValue) return;
        // Index rows and the marker have no State, so the filter passes over them.
        var filter = TableClient.CreateQueryFilter($"State ne {nameof(DrawState.Drawn)}");
        await foreach (var row in tables.Draws.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey", "State", "At", "StartedAt"], cancellationToken: ct))
        {
            var dueAt = row.GetString("State") == nameof(DrawState.Running) ? row.GetDateTimeOffset("StartedAt") ?? row.GetDateTimeOffset("At")!.Value
                : row.GetDateTimeOffset("At")!.Value;
            await MarkDueAsync(row.PartitionKey, row.RowKey, dueAt, ct);
        }
        await tables.Draws.UpsertEntityAsync(new TableEntity(UpgradePartition, "done"), TableUpdateMode.Replace, ct);
    }

    public async Task<IReadOnlyList<DueDraw>> ListDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        var result = new List<DueDraw>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {DueIndexPartition} and DueAt le {now}");
        await foreach (var row in tables.Draws.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            result.Add(new DueDraw(row.GetString("CampaignId"), row.GetString("DrawId"), row.GetDateTimeOffset("DueAt")!.Value));
        return result;
    }

    public Task MarkDueAsync(string campaignId, string drawId, DateTimeOffset dueAt, CancellationToken ct) =>
        tables.Draws.UpsertEntityAsync(new TableEntity(DueIndexPartition, DueKey(campaignId, drawId))
        {
            ["CampaignId"] = campaignId, ["DrawId"] = drawId, ["DueAt"] = dueAt,
        }, TableUpdateMode.Replace, ct);

    public async Task RemoveDueAsync(string campaignId, string drawId, CancellationToken ct) =>
        // Deleting a row that is not there succeeds (404 is swallowed by the SDK's delete).
        await tables.Draws.DeleteEntityAsync(DueIndexPartition, DueKey(campaignId, drawId), ETag.All, ct);

    public async Task<IReadOnlyList<StepLease>> ListLeasesAsync(string campaignId, string drawId, CancellationToken ct)
    {
        var partition = LeasePartition(campaignId, drawId);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and RowKey ge {LeasePrefix} and RowKey lt {LeasePrefix[..^1] + ";"}");
        var result = new List<StepLease>();
        await foreach (var row in tables.DrawShards.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            result.Add(ToLease(campaignId, drawId, row));
        return result;
    }

    public async Task<StepLease?> FindLeaseAsync(string campaignId, string drawId, int? bucket, DrawPhase phase, CancellationToken ct)
    {
        var row = await tables.DrawShards.GetEntityIfExistsAsync<TableEntity>(LeasePartition(campaignId, drawId), LeaseKey(bucket, phase),
            cancellationToken: ct);
        return row.HasValue ? ToLease(campaignId, drawId, row.Value!) : null;
    }

    public async Task<StepLease?> TryWriteLeaseAsync(StepLease lease, CancellationToken ct)
    {
        var entity = new TableEntity(LeasePartition(lease.CampaignId, lease.DrawId), LeaseKey(lease.Bucket, lease.Phase)) { ["Done"] = lease.Done };
        if (lease.Holder is not null) entity["Holder"] = lease.Holder;
        if (lease.Expires is { } expires) entity["Expires"] = expires;
        if (lease.TakenAt is { } taken) entity["TakenAt"] = taken;
        if (lease.EnqueuedAt is { } enqueued) entity["EnqueuedAt"] = enqueued;
        try
        {
            var response = lease.ETag is null
                ? await tables.DrawShards.AddEntityAsync(entity, ct)
                : await tables.DrawShards.UpdateEntityAsync(entity, new ETag(lease.ETag), TableUpdateMode.Replace, ct);
            return lease with { ETag = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
        {
            return null;
        }
    }

    public async Task<bool> IsShardDoneAsync(string campaignId, string drawId, int bucket, DrawPhase phase, CancellationToken ct) =>
        (await tables.DrawShards.GetEntityIfExistsAsync<TableEntity>(ResultPartition(campaignId, drawId, bucket, phase), "done", select: ["RunId"],
            cancellationToken: ct)).HasValue;

    private static StepLease ToLease(string campaignId, string drawId, TableEntity row)
    {
        var step = row.RowKey[LeasePrefix.Length..];
        var phase = step.StartsWith(ScorePrefix, StringComparison.Ordinal) ? DrawPhase.Score : DrawPhase.Seal;
        if (phase == DrawPhase.Score) step = step[ScorePrefix.Length..];
        return ToLease(campaignId, drawId, row, step == MergeLease ? null : int.Parse(step, System.Globalization.CultureInfo.InvariantCulture), phase);
    }

    private static StepLease ToLease(string campaignId, string drawId, TableEntity row, int? bucket, DrawPhase phase) => new()
    {
        CampaignId = campaignId,
        DrawId = drawId,
        Bucket = bucket,
        Phase = phase,
        Holder = row.GetString("Holder"),
        Expires = row.GetDateTimeOffset("Expires"),
        TakenAt = row.GetDateTimeOffset("TakenAt"),
        EnqueuedAt = row.GetDateTimeOffset("EnqueuedAt"),
        Done = row.GetBoolean("Done") ?? false,
        ETag = row.ETag.ToString(),
    };
}

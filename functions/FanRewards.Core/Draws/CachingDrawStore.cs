using System.Collections.Concurrent;

namespace FanRewards.Core.Draws;

/// <summary>
/// The draw store with what never changes again kept in memory: a drawn draw and its ranking. At 20:00 everybody asks
/// whether they won at the same moment, and each instance reads them once. Every state a draw can still move from
/// (scheduled, running) is read from the store each time, with its ETag, so the state machine reads through this
/// store unharmed; only a ranking of a draw known to be drawn is kept (one still running may have it half written).
/// </summary>
public sealed class CachingDrawStore(IDrawStore inner) : IDrawStore
{
    private const int MaxRememberedDraws = 10_000;
    private readonly ConcurrentDictionary<(string CampaignId, string DrawId), DrawRecord> _drawn = new();
    private readonly ConcurrentDictionary<(string CampaignId, string DrawId), Task<IReadOnlyList<RankedEntry>>> _rankings = new();

    public async Task<DrawRecord?> FindAsync(string campaignId, string drawId, CancellationToken ct)
    {
        if (_drawn.TryGetValue((campaignId, drawId), out var known)) return known;
        var draw = await inner.FindAsync(campaignId, drawId, ct);
        if (draw is { State: DrawState.Drawn })
        {
            if (_drawn.Count >= MaxRememberedDraws) _drawn.Clear();
            _drawn[(campaignId, drawId)] = draw;
        }
        return draw;
    }

    public async Task<IReadOnlyList<RankedEntry>> ReadRankingAsync(string campaignId, string drawId, CancellationToken ct)
    {
        var key = (campaignId, drawId);
        if (!_rankings.TryGetValue(key, out var read) || read.IsFaulted || read.IsCanceled)
        {
            if (await FindAsync(campaignId, drawId, ct) is not { State: DrawState.Drawn }) return await inner.ReadRankingAsync(campaignId, drawId, ct);
            if (_rankings.Count >= MaxRememberedDraws) _rankings.Clear();
            // Shared by every caller, so it is read without any one caller's cancellation.
            var fresh = inner.ReadRankingAsync(campaignId, drawId, CancellationToken.None);
            read = _rankings.AddOrUpdate(key, fresh, (_, existing) => existing.IsFaulted || existing.IsCanceled ? fresh : existing);
        }
        return await read.WaitAsync(ct);
    }

    public Task<IReadOnlyDictionary<string, string>> EnsureDrawsAsync(IReadOnlyList<DrawRecord> draws, CancellationToken ct) =>
        inner.EnsureDrawsAsync(draws, ct);

    public Task<IReadOnlyList<DrawRecord>> ListAsync(string campaignId, CancellationToken ct) =>
        inner.ListAsync(campaignId, ct);

    public Task<IReadOnlyList<DueDraw>> ListDueAsync(DateTimeOffset now, CancellationToken ct) =>
        inner.ListDueAsync(now, ct);

    public Task MarkDueAsync(string campaignId, string drawId, DateTimeOffset dueAt, CancellationToken ct) =>
        inner.MarkDueAsync(campaignId, drawId, dueAt, ct);

    public Task RemoveDueAsync(string campaignId, string drawId, CancellationToken ct) =>
        inner.RemoveDueAsync(campaignId, drawId, ct);

    public Task<IReadOnlyList<StepLease>> ListLeasesAsync(string campaignId, string drawId, CancellationToken ct) =>
        inner.ListLeasesAsync(campaignId, drawId, ct);

    public Task<StepLease?> FindLeaseAsync(string campaignId, string drawId, int? bucket, DrawPhase phase, CancellationToken ct) =>
        inner.FindLeaseAsync(campaignId, drawId, bucket, phase, ct);

    public Task<StepLease?> TryWriteLeaseAsync(StepLease lease, CancellationToken ct) =>
        inner.TryWriteLeaseAsync(lease, ct);

    public Task<bool> IsShardDoneAsync(string campaignId, string drawId, int bucket, DrawPhase phase, CancellationToken ct) =>
        inner.IsShardDoneAsync(campaignId, drawId, bucket, phase, ct);

    public Task<bool> TryReplaceAsync(DrawRecord draw, CancellationToken ct) =>
        inner.TryReplaceAsync(draw, ct);

    public Task WriteShardChunkAsync(string campaignId, string drawId, int bucket, string runId, int chunk, IReadOnlyList<DrawEntry> sorted, bool keepEntrants,
        CancellationToken ct) =>
        inner.WriteShardChunkAsync(campaignId, drawId, bucket, runId, chunk, sorted, keepEntrants, ct);

    public Task CompleteShardAsync(string campaignId, string drawId, string runId, int chunks, ShardResult result, DrawPhase phase, CancellationToken ct) =>
        inner.CompleteShardAsync(campaignId, drawId, runId, chunks, result, phase, ct);

    public Task<IReadOnlyList<ShardResult>> ListShardResultsAsync(string campaignId, string drawId, int shards, bool includeTop, DrawPhase phase,
        CancellationToken ct) =>
        inner.ListShardResultsAsync(campaignId, drawId, shards, includeTop, phase, ct);

    public IAsyncEnumerable<DrawEntry> ReadSealedShardAsync(string campaignId, string drawId, int bucket, CancellationToken ct) =>
        inner.ReadSealedShardAsync(campaignId, drawId, bucket, ct);

    public IAsyncEnumerable<DrawEntry> ReadEntrySetAsync(string campaignId, string drawId, int shards, CancellationToken ct) =>
        inner.ReadEntrySetAsync(campaignId, drawId, shards, ct);

    public Task<DrawEntryPage> ReadEntryPageAsync(string campaignId, string drawId, int shards, string? after, int limit, CancellationToken ct) =>
        inner.ReadEntryPageAsync(campaignId, drawId, shards, after, limit, ct);

    public Task<DrawEntry?> FindEntryAsync(string campaignId, string drawId, int bucket, string pseudonym, CancellationToken ct) =>
        inner.FindEntryAsync(campaignId, drawId, bucket, pseudonym, ct);

    public Task<IReadOnlyDictionary<string, string>> ReadRankedEntrantsAsync(string campaignId, string drawId, CancellationToken ct) =>
        inner.ReadRankedEntrantsAsync(campaignId, drawId, ct);

    public Task SaveRankingAsync(string campaignId, string drawId, IReadOnlyList<RankedEntry> ranking, IReadOnlyDictionary<string, string> entrants, CancellationToken ct) =>
        inner.SaveRankingAsync(campaignId, drawId, ranking, entrants, ct);
}

namespace FanRewards.Core.Draws;

/// <summary>
/// The draws: their records (the state machine, guarded by ETags), the due index the timer reads, the step leases, the
/// shards' entry-set chunks and best k+m, and the ranking with the entrants behind it.
/// </summary>
public interface IDrawStore
{
    /// <summary>
    /// Inserts the draws that do not exist yet; an existing draw keeps its seed. Each draw not drawn gets its row in
    /// the due index, due at its time. Returns every draw's commitment.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> EnsureDrawsAsync(IReadOnlyList<DrawRecord> draws, CancellationToken ct);
    Task<DrawRecord?> FindAsync(string campaignId, string drawId, CancellationToken ct);
    Task<IReadOnlyList<DrawRecord>> ListAsync(string campaignId, CancellationToken ct);

    /// <summary>
    /// The due index: draws not drawn yet whose due time has come, read from one partition that holds only unfinished
    /// draws, so finished campaigns cost the timer nothing.
    /// </summary>
    Task<IReadOnlyList<DueDraw>> ListDueAsync(DateTimeOffset now, CancellationToken ct);
    /// <summary>Sets (or puts back) a draw's row in the due index.</summary>
    Task MarkDueAsync(string campaignId, string drawId, DateTimeOffset dueAt, CancellationToken ct);
    /// <summary>Takes a draw out of the due index (drawn, or never to be drawn); nothing when it is not there.</summary>
    Task RemoveDueAsync(string campaignId, string drawId, CancellationToken ct);

    /// <summary>Every step lease of a draw (its shards' and its merge's), in one read of the draw's lease partition.</summary>
    Task<IReadOnlyList<StepLease>> ListLeasesAsync(string campaignId, string drawId, CancellationToken ct);
    /// <param name="bucket">The shard; null for the merge.</param>
    Task<StepLease?> FindLeaseAsync(string campaignId, string drawId, int? bucket, DrawPhase phase, CancellationToken ct);
    /// <summary>
    /// Writes the lease if it is still at its ETag (inserts it when it has none) and returns it with its new ETag; null
    /// when someone else wrote it first.
    /// </summary>
    Task<StepLease?> TryWriteLeaseAsync(StepLease lease, CancellationToken ct);
    /// <summary>Whether the shard's done marker of the phase is written.</summary>
    Task<bool> IsShardDoneAsync(string campaignId, string drawId, int bucket, DrawPhase phase, CancellationToken ct);

    /// <summary>Replaces the draw if it is still at its ETag; false when another step got there first.</summary>
    Task<bool> TryReplaceAsync(DrawRecord draw, CancellationToken ct);

    /// <summary>
    /// Stores one chunk of a shard's eligible entries, sorted by pseudonym, under the run that found them: the text
    /// lines "pseudonym,weight\n" of the digest, so that the entry set costs one storage write per two thousand
    /// entries rather than one per entry.
    /// </summary>
    /// <param name="keepEntrants">Keep the entrants behind the chunk apart (never published), for a draw scored later from its seal.</param>
    Task WriteShardChunkAsync(string campaignId, string drawId, int bucket, string runId, int chunk, IReadOnlyList<DrawEntry> sorted,
        bool keepEntrants, CancellationToken ct);

    /// <summary>
    /// Ends a shard run: stores the shard's best k+m (with the entrants behind them, for the organiser) and then the
    /// done marker naming the run and its chunks. Chunks of an earlier, interrupted run are never named, so never read.
    /// </summary>
    Task CompleteShardAsync(string campaignId, string drawId, string runId, int chunks, ShardResult result, DrawPhase phase, CancellationToken ct);

    /// <summary>The shards that are done; with <paramref name="includeTop"/> their best k+m too (the merge needs them, a progress report does not).</summary>
    Task<IReadOnlyList<ShardResult>> ListShardResultsAsync(string campaignId, string drawId, int shards, bool includeTop, DrawPhase phase,
        CancellationToken ct);

    /// <summary>One shard's sealed entries in pseudonym order with the entrants behind them (kept by <see cref="WriteShardChunkAsync"/>).</summary>
    IAsyncEnumerable<DrawEntry> ReadSealedShardAsync(string campaignId, string drawId, int bucket, CancellationToken ct);

    /// <summary>The eligible entry set in pseudonym order, merged from every shard.</summary>
    IAsyncEnumerable<DrawEntry> ReadEntrySetAsync(string campaignId, string drawId, int shards, CancellationToken ct);
    Task<DrawEntryPage> ReadEntryPageAsync(string campaignId, string drawId, int shards, string? after, int limit, CancellationToken ct);
    Task<DrawEntry?> FindEntryAsync(string campaignId, string drawId, int bucket, string pseudonym, CancellationToken ct);

    /// <summary>The entrant id behind each ranked pseudonym: for the organiser's export, never published.</summary>
    Task<IReadOnlyDictionary<string, string>> ReadRankedEntrantsAsync(string campaignId, string drawId, CancellationToken ct);

    /// <param name="entrants">The entrant id of each ranked pseudonym, kept beside the ranking for the organiser.</param>
    Task SaveRankingAsync(string campaignId, string drawId, IReadOnlyList<RankedEntry> ranking, IReadOnlyDictionary<string, string> entrants,
        CancellationToken ct);
    Task<IReadOnlyList<RankedEntry>> ReadRankingAsync(string campaignId, string drawId, CancellationToken ct);
}

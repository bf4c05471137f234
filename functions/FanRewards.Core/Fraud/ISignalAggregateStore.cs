using FanRewards.Core.Figures;

namespace FanRewards.Core.Fraud;

/// <summary>
/// Where the fraud review's entry-time aggregates are kept (<see cref="SignalTally"/> writes them, <see cref="FraudReview"/>
/// reads them): rows per network and minute, per candidate, network and minute, per text band; a "hot" mark per subject
/// whose rows crossed their level; the fast riddlers; and since when the campaign's entries were folded.
/// </summary>
public interface ISignalAggregateStore
{
    /// <summary>Counts one <see cref="AddAsync"/> takes: with a hot mark each and the instance's marker, one transaction.</summary>
    const int MaxCountsPerAdd = 45;

    /// <summary>
    /// Which counts the store can merge in one transaction: an add whose counts share a group is one round trip, an add
    /// spread over groups one per group. The flush chunks each group apart, so its adds are full transactions.
    /// </summary>
    string MergeGroupOf(string campaignId, SignalKind kind, string subject);

    /// <summary>
    /// Merges up to <see cref="MaxCountsPerAdd"/> counts into their rows, all or nothing, once (an add whose stamp is
    /// not newer than the instance's last one already landed), and marks hot each subject whose row reaches its level.
    /// </summary>
    Task AddAsync(string campaignId, FlushStamp stamp, IReadOnlyList<SignalCount> counts, CancellationToken ct);

    /// <summary>Writes fast riddlers (insert or replace: a riddler written again is the same row, with more answers).</summary>
    Task PutFastRiddlersAsync(string campaignId, IReadOnlyList<FastRiddler> riddlers, CancellationToken ct);

    /// <summary>Lowers the campaign's "folded since" time to <paramref name="earliest"/> if that is earlier (or sets it).</summary>
    Task NoteSinceAsync(string campaignId, DateTimeOffset earliest, CancellationToken ct);

    Task<DateTimeOffset?> FindSinceAsync(string campaignId, CancellationToken ct);

    /// <summary>The subjects marked hot: what the review reads further.</summary>
    Task<IReadOnlyList<(SignalKind Kind, string Subject)>> ListHotAsync(string campaignId, CancellationToken ct);

    /// <summary>Every row of one subject (each minute of it).</summary>
    Task<IReadOnlyList<SignalRow>> ReadSubjectAsync(string campaignId, SignalKind kind, string subject, CancellationToken ct);

    Task<IReadOnlyList<FastRiddler>> ListFastRiddlersAsync(string campaignId, CancellationToken ct);

    /// <summary>Deletes every aggregate row of the campaign (retention: the pseudonyms, ids and texts in them); returns how many.</summary>
    Task<int> EraseAsync(string campaignId, CancellationToken ct);
}

using System.Buffers.Binary;
using Azure.Data.Tables;
using FanRewards.Core.Figures;

namespace FanRewards.Storage;

/// <summary>
/// Withdrawn likes: an entrant's marker row in the board partition ("flush|withdrawn:{pseudonym}", the row the stamped
/// adds of <see cref="LikeWithdrawal"/> kept before) holds the compact ids of every like withdrawn, sorted, 8 bytes each,
/// in binary properties of at most 64 KiB ("Withdrawn0", "Withdrawn1", …), and "Sequence": the newest position withdrawn,
/// so that a reader of positions alone (an instance not yet deployed) subtracts none of them again. The marker is
/// replaced under its ETag in the transaction that subtracts the likes' counts (<see cref="MarkerGuardedMerge"/>): two
/// instances withdrawing at once serialise on it, and each like's counts land with its id, once.
/// </summary>
public sealed partial class TableFigureStore
{
    private const string WithdrawnProperty = "Withdrawn";
    private const int IdsPerProperty = 64 * 1024 / sizeof(long);

    /// <summary>An entity holds at most 1 MiB: 14 full properties and the rest of the row keep within it (114,688 likes).</summary>
    private const int MaxIdProperties = 14;

    public async Task<WithdrawnLikes> FindWithdrawnLikesAsync(string campaignId, string stampSource, CancellationToken ct)
    {
        var marker = await tables.CampaignState.GetEntityIfExistsAsync<TableEntity>(BoardPartition(campaignId), MarkerGuardedMerge.MarkerPrefix + stampSource, cancellationToken: ct);
        return marker.HasValue ? WithdrawnOf(marker.Value) : WithdrawnLikes.None;
    }

    public async Task WithdrawLikesAsync(string campaignId, string stampSource, IReadOnlyList<LikeToWithdraw> likes, CancellationToken ct)
    {
        if (likes.Count is 0) return;
        var partition = BoardPartition(campaignId);
        await MarkerGuardedMerge.MergeAsync(tables.CampaignState, partition, MarkerGuardedMerge.MarkerPrefix + stampSource,
            marker => MarkerAfter(WithdrawnOf(marker), likes),
            (_, marker) =>
            {
                var held = WithdrawnOf(marker).Ids;
                var byRow = likes.Where(l => held?.Contains(l.Id) != true).SelectMany(l => l.Counts)
                    .GroupBy(BoardRowKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(c => c.Count), StringComparer.Ordinal);
                if (byRow.Count > IFigureStore.MaxCountsPerAdd) throw new ArgumentException($"At most {IFigureStore.MaxCountsPerAdd} tallies per withdrawal.", nameof(likes));
                return CountRowsAsync(partition, byRow, ct);
            }, () => { }, ct);
    }

    /// <summary>The marker once <paramref name="likes"/> are withdrawn; null when it holds them all already.</summary>
    private static Dictionary<string, object>? MarkerAfter(WithdrawnLikes withdrawn, IReadOnlyList<LikeToWithdraw> likes)
    {
        var ids = new SortedSet<long>(withdrawn.Ids ?? new HashSet<long>());
        var before = ids.Count;
        ids.UnionWith(likes.Select(l => l.Id));
        if (ids.Count == before) return null;
        var chunks = ids.Chunk(IdsPerProperty).ToList();
        if (chunks.Count > MaxIdProperties)
            throw new InvalidOperationException($"An entrant's withdrawn likes outgrow their marker row ({ids.Count} likes; it holds {MaxIdProperties * IdsPerProperty}).");
        var properties = new Dictionary<string, object> { ["Sequence"] = Math.Max(withdrawn.Sequence, likes.Max(l => l.Position)) };
        for (var i = 0; i < chunks.Count; i++) properties[WithdrawnProperty + i] = BytesOf(chunks[i]);
        return properties;
    }

    /// <summary>What a marker says is withdrawn: ids when it holds them (<see cref="WithdrawnLikes.Ids"/>), else only its sequence.</summary>
    private static WithdrawnLikes WithdrawnOf(TableEntity? marker)
    {
        if (marker is null) return WithdrawnLikes.None;
        var sequence = marker.GetInt64("Sequence").GetValueOrDefault();
        if (!marker.ContainsKey(WithdrawnProperty + 0)) return new WithdrawnLikes(sequence, null);
        var ids = new HashSet<long>();
        for (var i = 0; marker.GetBinary(WithdrawnProperty + i) is { } bytes; i++)
            for (var at = 0; at + sizeof(long) <= bytes.Length; at += sizeof(long)) ids.Add(BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(at)));
        return new WithdrawnLikes(sequence, ids);
    }

    private static byte[] BytesOf(long[] ids)
    {
        var bytes = new byte[ids.Length * sizeof(long)];
        for (var i = 0; i < ids.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), ids[i]);
        return bytes;
    }
}

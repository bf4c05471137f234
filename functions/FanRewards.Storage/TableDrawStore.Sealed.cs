using System.Runtime.CompilerServices;
using System.Text;
using Azure.Data.Tables;
using FanRewards.Core.Draws;

namespace FanRewards.Storage;

/// <summary>
/// The sealed entry set read back for scoring (a draw with witnesses scores after the last reveal, from the chunks the
/// seal wrote, never from Entries): each chunk with the entrants behind it, from rows "ids:{runId}:{chunk}" beside the
/// chunk rows, which the public entry-set reads never select.
/// </summary>
public sealed partial class TableDrawStore
{
    private static string EntrantsKey(string runId, int chunk) => $"ids:{runId}:{chunk:D5}";

    private async Task WriteChunkEntrantsAsync(string partition, string runId, int chunk, IReadOnlyList<DrawEntry> sorted, CancellationToken ct)
    {
        var text = Encoding.UTF8.GetBytes(string.Join('\n', sorted.Select(e => e.EntrantId ?? "")));
        var entity = new TableEntity(partition, EntrantsKey(runId, chunk));
        // Entrant ids are short (at most 64 characters): 2,000 of them fit a few 64 KiB properties.
        for (int i = 0, offset = 0; offset < text.Length; i++, offset += 60_000)
            entity[$"E{i:D2}"] = text.AsSpan(offset, Math.Min(60_000, text.Length - offset)).ToArray();
        await tables.DrawEntries.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct);
    }

    public async IAsyncEnumerable<DrawEntry> ReadSealedShardAsync(string campaignId, string drawId, int bucket, [EnumeratorCancellation] CancellationToken ct)
    {
        var partition = ShardPartition(campaignId, drawId, bucket);
        var done = await tables.DrawShards.GetEntityIfExistsAsync<TableEntity>(partition, "done", cancellationToken: ct);
        if (!done.HasValue || done.Value is not { } marker) yield break;
        var runId = marker.GetString("RunId");
        var chunks = marker.GetInt32("Chunks") ?? 0;
        for (var chunk = 0; chunk < chunks; chunk++)
        {
            var entries = await ReadChunkAsync(partition, ChunkKey(runId, chunk));
            var row = await tables.DrawEntries.GetEntityIfExistsAsync<TableEntity>(partition, EntrantsKey(runId, chunk), cancellationToken: ct);
            var ids = row.HasValue && row.Value is { } found
                ? Encoding.UTF8.GetString(Enumerable.Range(0, 100).Select(i => found.GetBinary($"E{i:D2}")).TakeWhile(b => b is not null)
                    .SelectMany(b => b ?? []).ToArray()).Split('\n')
                : [];
            for (var i = 0; i < entries.Count; i++)
                yield return entries[i] with { EntrantId = i < ids.Length && ids[i].Length > 0 ? ids[i] : null };
        }
    }
}

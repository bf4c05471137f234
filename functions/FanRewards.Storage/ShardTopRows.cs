using System.Text;
using FanRewards.Core.Draws;

namespace FanRewards.Storage;

/// <summary>
/// A shard's best k + m as a few rows instead of one row each: the entries written with <see cref="BinaryWriter"/>
/// (pseudonym, weight, the score's exact bits, the entrant if known), the bytes cut into binary properties of at most
/// 64 KiB (Table Storage's limit for one property), at most <see cref="PropertiesPerRow"/> properties a row (an entity
/// holds at most 1 MiB). 400 entries are one row of about 40 KiB: one write where there were four transactions of 100.
/// </summary>
internal static class ShardTopRows
{
    private const int PropertyLimit = 64 * 1024;
    public const int PropertiesPerRow = 14;

    /// <summary>The rows' binary properties, row by row, each as its list of parts (property "B00", "B01", …).</summary>
    public static IReadOnlyList<IReadOnlyList<byte[]>> Encode(IReadOnlyList<ScoredEntry> top)
    {
        using var bytes = new MemoryStream();
        using (var writer = new BinaryWriter(bytes, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(top.Count);
            foreach (var entry in top)
            {
                writer.Write(entry.Pseudonym);
                writer.Write(entry.Weight);
                writer.Write(BitConverter.DoubleToInt64Bits(entry.Score));
                writer.Write(entry.EntrantId is not null);
                if (entry.EntrantId is not null) writer.Write(entry.EntrantId);
            }
        }
        var all = bytes.ToArray();
        var parts = all.Chunk(PropertyLimit).ToList();
        return parts.Chunk(PropertiesPerRow).Select(row => (IReadOnlyList<byte[]>)row).ToList();
    }

    /// <summary>The entries back from the rows' parts in row order, in the order they were written.</summary>
    public static IReadOnlyList<ScoredEntry> Decode(IEnumerable<byte[]> parts)
    {
        using var bytes = new MemoryStream();
        foreach (var part in parts) bytes.Write(part);
        if (bytes.Length == 0) return [];
        bytes.Position = 0;
        using var reader = new BinaryReader(bytes, Encoding.UTF8);
        var count = reader.ReadInt32();
        var entries = new List<ScoredEntry>(count);
        for (var i = 0; i < count; i++)
        {
            var pseudonym = reader.ReadString();
            var weight = reader.ReadInt32();
            var score = BitConverter.Int64BitsToDouble(reader.ReadInt64());
            var entrant = reader.ReadBoolean() ? reader.ReadString() : null;
            entries.Add(new ScoredEntry(pseudonym, weight, score) { EntrantId = entrant });
        }
        return entries;
    }

    public static string PropertyName(int part) => $"B{part:D2}";
}

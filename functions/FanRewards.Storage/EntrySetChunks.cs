using System.Globalization;
using System.Text;
using FanRewards.Core.Draws;

namespace FanRewards.Storage;

/// <summary>
/// A chunk of the entry set as the digest's own text, "pseudonym,weight\n" lines in UTF-8, split at line ends into
/// binary properties of at most 64 KiB (Table Storage's limit for one property).
/// </summary>
internal static class EntrySetChunks
{
    private const int PropertyLimit = 64 * 1024;

    public static IReadOnlyList<byte[]> Encode(IReadOnlyList<DrawEntry> sorted)
    {
        var parts = new List<byte[]>();
        var current = new MemoryStream(PropertyLimit);
        foreach (var entry in sorted)
        {
            var line = Encoding.UTF8.GetBytes($"{entry.Pseudonym},{entry.Weight.ToString(CultureInfo.InvariantCulture)}\n");
            if (current.Length + line.Length > PropertyLimit)
            {
                parts.Add(current.ToArray());
                current.SetLength(0);
            }
            current.Write(line);
        }
        if (current.Length > 0) parts.Add(current.ToArray());
        return parts;
    }

    public static IReadOnlyList<DrawEntry> Decode(IEnumerable<byte[]> parts)
    {
        var entries = new List<DrawEntry>();
        foreach (var part in parts)
        {
            foreach (var line in Encoding.UTF8.GetString(part).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var comma = line.IndexOf(',');
                entries.Add(new DrawEntry(line[..comma], int.Parse(line.AsSpan(comma + 1), CultureInfo.InvariantCulture)));
            }
        }

        return entries;
    }
}

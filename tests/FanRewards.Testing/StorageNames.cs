namespace FanRewards.Testing;

/// <summary>Table and queue names no other test uses, so that tests can share one Azurite.</summary>
public static class StorageNames
{
    /// <summary>
    /// <paramref name="prefix"/>'s letters and digits, lowercased, followed by 16 random hex digits: valid both
    /// as a table name and as a queue name, with room for a suffix such as <c>-poison</c>.
    /// </summary>
    public static string Unique(string prefix = "t")
    {
        var stem = new string(prefix.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant).Take(30).ToArray());
        // Table names must start with a letter.
        if (stem.Length == 0 || !char.IsAsciiLetter(stem[0]))
        {
            stem = "t" + stem;
        }

        return stem + Guid.NewGuid().ToString("N")[..16];
    }
}

using System.Text.RegularExpressions;

namespace FanRewards.Core.Entries;

/// <summary>A signed-in follower: the organisation's identity platform vouches for the id and membership.</summary>
public sealed partial record Entrant(string Id, bool IsMember)
{
    /// <summary>The request's network and user-agent family, for the entry's fraud-review signals (hashed there).</summary>
    public ClientTraits Client { get; init; } = ClientTraits.None;

    public const string IdRule = "1 to 128 characters from A-Z, a-z, 0-9 and _ . @ -";

    // \z, not $: in .NET "$" also matches before a final "\n", which would let "alice\n" into row keys (as in Ids).
    [GeneratedRegex(@"^[A-Za-z0-9_.@-]{1,128}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    /// <summary>Entrant ids become part of storage keys, so they are kept to characters that need no escaping there.</summary>
    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);
}

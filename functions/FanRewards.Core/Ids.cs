using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace FanRewards.Core;

/// <summary>
/// Every id a client can name (campaigns, activities, riddles, prizes, draws) is kept to one small character set,
/// so that ids are safe as table keys, in URLs and in log lines without escaping.
/// </summary>
public static partial class Ids
{
    public const int MaxLength = 64;
    public const string Rule = "1 to 64 characters from a-z, 0-9 and '-'";

    // \z, not $: in .NET "$" also matches before a final "\n", which would let "abc\n" through.
    [GeneratedRegex(@"^[a-z0-9-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid([NotNullWhen(true)] string? id) => id is not null && Pattern().IsMatch(id);

    /// <summary>Throws a 400 problem naming the parameter when a client-supplied id is malformed.</summary>
    public static string Require(string? id, string name) =>
        IsValid(id) ? id : throw new ProblemException(Problem.InvalidId(name, id));
}

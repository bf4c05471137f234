using System.Text.RegularExpressions;
using FanRewards.Azurite;

namespace FanRewards.Functions.Tests;

/// <summary>
/// docs/PROBLEMS.md lists exactly the problem types the code can answer with: a new type the table does not name, or a
/// row for a type no code returns any more (a header nobody reads), fails here. Read from the server's sources, so that
/// a type only a rare path returns is counted too.
/// </summary>
public sealed partial class ProblemsDocumentTests
{
    private static readonly string Root = RepositoryRoot.Find(AppContext.BaseDirectory);

    [Fact]
    public void Every_problem_type_the_code_returns_has_a_row_and_every_row_is_returned_somewhere()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(Root, "functions"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Intersect(["bin", "obj"]).Any())
            .Select(File.ReadAllText)
            .ToList();
        var returned = sources.SelectMany(text => WholeType().Matches(text).Concat(LiteralType().Matches(text)))
            .Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        // A type built from a prefix and a value (witness-already-revealed, -excused) counts for the rows it begins.
        var prefixes = sources.SelectMany(text => PrefixType().Matches(text)).Select(m => m.Groups[1].Value).ToList();
        var documented = ProblemRow().Matches(File.ReadAllText(Path.Combine(Root, "docs", "PROBLEMS.md")))
            .Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(returned.Except(documented).Order(StringComparer.Ordinal));
        Assert.Empty(documented.Where(type => !returned.Contains(type) && !prefixes.Any(p => type.StartsWith(p, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal));
        Assert.All(prefixes, prefix => Assert.Contains(documented, type => type.StartsWith(prefix, StringComparison.Ordinal)));
    }

    /// <summary><c>TypePrefix + "name"</c> not followed by more of the name.</summary>
    [GeneratedRegex(@"TypePrefix \+ ""([a-z0-9-]+[a-z0-9])""(?!\s*\+)")]
    private static partial Regex WholeType();

    [GeneratedRegex(@"TypePrefix \+ ""([a-z0-9-]+-)""\s*\+")]
    private static partial Regex PrefixType();

    [GeneratedRegex(@"""urn:fanrewards:problem:([a-z0-9-]+)""")]
    private static partial Regex LiteralType();

    [GeneratedRegex(@"^\| `urn:fanrewards:problem:([a-z0-9-]+)` \|", RegexOptions.Multiline)]
    private static partial Regex ProblemRow();
}

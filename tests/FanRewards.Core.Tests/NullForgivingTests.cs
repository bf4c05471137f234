using FanRewards.Azurite;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FanRewards.Core.Tests;

/// <summary>
/// Core reads the campaign through its typed model, so nothing there needs to tell the compiler "trust me, it is not
/// null": each `x!` would be a place where a missing value turns into a NullReferenceException far from its cause. The
/// sources are parsed (not searched as text), so `!=`, `!flag` and an exclamation mark in a string never count.
/// </summary>
public class NullForgivingTests
{
    [Fact]
    public void Core_has_no_null_forgiving_operator()
    {
        var core = Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "functions", "FanRewards.Core");
        var found = Directory.EnumerateFiles(core, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Intersect(["bin", "obj"]).Any())
            .SelectMany(path => NullForgivingIn(File.ReadAllText(path)).Select(line => $"{Path.GetRelativePath(core, path)}:{line}"))
            .ToList();

        Assert.True(found.Count == 0, $"Null-forgiving '!' in Core ({found.Count}): {string.Join(", ", found)}");
    }

    [Fact]
    public void The_scan_finds_the_operator_and_nothing_that_only_looks_like_it()
    {
        const string source = """
            class C
            {
                string? Name;
                int M(string? s, int[]? xs, bool b)
                {
                    var text = "Hello!); world!.";
                    var interpolated = $"{s!.Length}!";
                    if (s != null && !b) return xs!.Length + xs![0] + s!.Length;
                    return Name!.Length; // a comment!;
                }
            }
            """;

        Assert.Equal([7, 8, 8, 8, 9], NullForgivingIn(source));
    }

    /// <summary>The 1-based lines of each null-forgiving operator (the postfix `!` of nullable analysis).</summary>
    private static IReadOnlyList<int> NullForgivingIn(string source) =>
        CSharpSyntaxTree.ParseText(source).GetRoot().DescendantNodes().OfType<PostfixUnaryExpressionSyntax>()
            .Where(node => node.IsKind(SyntaxKind.SuppressNullableWarningExpression))
            .Select(node => node.GetLocation().GetLineSpan().StartLinePosition.Line + 1)
            .ToList();
}

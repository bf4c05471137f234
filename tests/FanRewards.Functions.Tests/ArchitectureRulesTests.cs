using FanRewards.Azurite;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FanRewards.Functions.Tests;

/// <summary>
/// Rules of the code's shape that the build holds, read from the source: a trigger reads its input, calls Core and
/// answers; what it would otherwise grow (views, masks, CSV rows, query parsing) lives in Core or one HTTP helper.
/// </summary>
public sealed class ArchitectureRulesTests
{
    private const int MaxTriggerBodyLines = 25;

    private static readonly string FunctionApp = Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "functions", "FanRewards.Functions");

    [Fact]
    public void No_trigger_method_is_over_25_lines()
    {
        var triggers = Triggers().ToList();

        // The scan must see the triggers, or it would pass by finding none.
        Assert.True(triggers.Count >= 40, $"Only {triggers.Count} [Function] methods found under {FunctionApp}.");
        var tooLong = triggers.Where(t => t.BodyLines > MaxTriggerBodyLines)
            .Select(t => $"{t.Name} ({t.File}:{t.Line}) has a body of {t.BodyLines} lines").ToList();
        Assert.True(tooLong.Count == 0, $"Trigger methods over {MaxTriggerBodyLines} lines:\n" + string.Join("\n", tooLong));
    }

    [Fact]
    public void The_line_count_is_the_bodys_from_its_first_line_to_its_last()
    {
        var source = """
            class C
            {
                [Function("A")]
                public Task<IActionResult> A(
                    [HttpTrigger("get")] HttpRequest request) =>
                    Run(request, async ct =>
                    {
                        return null;
                    });

                [Function(nameof(B))]
                public async Task B([TimerTrigger("*")] TimerInfo timer)
                {
                    await Task.Yield();
                }

                public void NotATrigger() { }
            }
            """;

        var found = TriggersIn(CSharpSyntaxTree.ParseText(source), "C.cs").Select(t => (t.Name, t.BodyLines)).ToList();

        Assert.Equal([("C.A", 5), ("C.B", 3)], found); // from the line of => (or {) to the last
    }

    private sealed record Trigger(string Name, string File, int Line, int BodyLines);

    private static IEnumerable<Trigger> Triggers() =>
        Directory.EnumerateFiles(FunctionApp, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) &&
                           !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(path => TriggersIn(CSharpSyntaxTree.ParseText(File.ReadAllText(path)), Path.GetRelativePath(FunctionApp, path)));

    /// <summary>
    /// Every method with a <c>[Function(…)]</c> attribute and the lines its body spans: the block with its braces, or the
    /// expression from its <c>=&gt;</c> to the end. The rest of the signature and its parameters do not count.
    /// </summary>
    private static IEnumerable<Trigger> TriggersIn(SyntaxTree tree, string file)
    {
        foreach (var method in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            if (!method.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString() is "Function" or "FunctionAttribute")) continue;
            var body = (SyntaxNode?)method.Body ?? method.ExpressionBody;
            if (body is null) continue;
            var span = tree.GetLineSpan(body.Span);
            var bodyLines = span.EndLinePosition.Line - span.StartLinePosition.Line + 1;
            var type = method.Ancestors().OfType<TypeDeclarationSyntax>().First().Identifier.Text;
            yield return new Trigger($"{type}.{method.Identifier.Text}", file, tree.GetLineSpan(method.Span).StartLinePosition.Line + 1, bodyLines);
        }
    }
}

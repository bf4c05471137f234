using FanRewards.Azurite;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FanRewards.Core.Tests;

/// <summary>
/// Rules of Core's shape read from its source: no file over 300 lines (a file that grows past it holds more than one
/// job, and is split by job), and each port (an interface) in a file of its own, named after it, so that what a
/// service needs from outside is found by its name and not inside an entity's file.
/// </summary>
public class CoreSourceRulesTests
{
    private const int MaxLines = 300;

    private static readonly string Core = Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "functions", "FanRewards.Core");

    [Fact]
    public void No_Core_file_is_over_300_lines()
    {
        var files = SourceFiles().ToList();

        // The scan must see Core's files, or it would pass by finding none.
        Assert.True(files.Count >= 100, $"Only {files.Count} source files found under {Core}.");
        var tooLong = files.Select(path => (File: Path.GetRelativePath(Core, path), Lines: File.ReadLines(path).Count()))
            .Where(f => f.Lines > MaxLines).Select(f => $"{f.File} has {f.Lines} lines").ToList();
        Assert.True(tooLong.Count == 0, $"Core files over {MaxLines} lines:\n" + string.Join("\n", tooLong));
    }

    [Fact]
    public void Each_Core_port_is_alone_in_a_file_named_after_it()
    {
        var misplaced = new List<string>();
        var ports = 0;
        foreach (var path in SourceFiles())
        {
            var types = TopLevelTypes(File.ReadAllText(path));
            foreach (var port in types.OfType<InterfaceDeclarationSyntax>())
            {
                ports++;
                var file = Path.GetRelativePath(Core, path);
                if (types.Count > 1) misplaced.Add($"{port.Identifier.Text} shares {file} with {types.Count - 1} other type(s)");
                if (Path.GetFileNameWithoutExtension(path) != port.Identifier.Text) misplaced.Add($"{port.Identifier.Text} is in {file}");
            }
        }

        Assert.True(ports >= 10, $"Only {ports} interfaces found under {Core}.");
        Assert.True(misplaced.Count == 0, "Ports not in a file of their own:\n" + string.Join("\n", misplaced));
    }

    [Fact]
    public void The_port_scan_counts_top_level_types_only()
    {
        const string source = """
            namespace N;
            public interface IStore { Task<int> ReadAsync(); }
            public sealed record Row(int Id)
            {
                private sealed class Nested { }
            }
            public enum Kind { A, B }
            """;

        Assert.Equal(["IStore", "Row", "Kind"], TopLevelTypes(source).Select(t => t.Identifier.Text));
    }

    private static List<BaseTypeDeclarationSyntax> TopLevelTypes(string source) =>
        CSharpSyntaxTree.ParseText(source).GetRoot().DescendantNodes(node => node is not BaseTypeDeclarationSyntax)
            .OfType<BaseTypeDeclarationSyntax>().ToList();

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(Core, "*.cs", SearchOption.AllDirectories)
            .Where(path => !Path.GetRelativePath(Core, path).Split(Path.DirectorySeparatorChar).Intersect(["bin", "obj"]).Any());
}

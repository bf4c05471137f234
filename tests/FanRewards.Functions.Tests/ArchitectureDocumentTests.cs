using System.Text.RegularExpressions;
using FanRewards.Azurite;

namespace FanRewards.Functions.Tests;

/// <summary>
/// docs/ARCHITECTURE.md is the map a newcomer trusts: every file and test it names exists, and nothing in the
/// repository points at a design document outside it.
/// </summary>
public sealed partial class ArchitectureDocumentTests
{
    private static readonly string Root = RepositoryRoot.Find(AppContext.BaseDirectory);
    private static readonly string Document = File.ReadAllText(Path.Combine(Root, "docs", "ARCHITECTURE.md"));

    [Fact]
    public void Every_file_it_names_exists()
    {
        var named = CodeSpans().Matches(Document).Select(m => m.Groups[1].Value)
            .Where(span => FileLike().IsMatch(span))
            .Select(span => span.Split(' ')[0])
            .Distinct(StringComparer.Ordinal).ToList();

        Assert.True(named.Count >= 10, $"Only {named.Count} file paths found in docs/ARCHITECTURE.md.");
        var missing = named.Where(path => !Exists(path)).ToList();
        Assert.True(missing.Count == 0, "docs/ARCHITECTURE.md names files that do not exist:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Every_test_class_it_names_exists()
    {
        var tests = Directory.EnumerateFiles(Path.Combine(Root, "tests"), "*Tests.cs", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var named = CodeSpans().Matches(Document).Select(m => m.Groups[1].Value.Split('.')[0])
            .Where(name => name.EndsWith("Tests", StringComparison.Ordinal) && !name.Contains('/'))
            .Distinct(StringComparer.Ordinal).ToList();

        Assert.True(named.Count >= 10, $"Only {named.Count} test classes named in docs/ARCHITECTURE.md.");
        var missing = named.Where(name => !tests.Contains(name)).ToList();
        Assert.True(missing.Count == 0, "docs/ARCHITECTURE.md names test classes that do not exist: " + string.Join(", ", missing));
    }

    [Fact]
    public void Nothing_in_the_repository_cites_a_document_outside_it()
    {
        string[] roots = ["functions", "tests", "tools", "bench", "docs", "web", "infra", "seeds"];
        var files = roots.Select(r => Path.Combine(Root, r)).Where(Directory.Exists)
            .SelectMany(dir => Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains("node_modules", StringComparison.Ordinal)
                        && !f.EndsWith(nameof(ArchitectureDocumentTests) + ".cs", StringComparison.Ordinal)
                        && Path.GetExtension(f) is ".cs" or ".md" or ".js" or ".mjs" or ".json" or ".bicep" or ".sh" or ".py")
            .Append(Path.Combine(Root, "README.md"))
            .ToList();

        Assert.True(files.Count > 100, $"Only {files.Count} files scanned.");
        var citing = files.Where(f => OutsideDesign().IsMatch(File.ReadAllText(f))).Select(f => Path.GetRelativePath(Root, f)).ToList();
        Assert.True(citing.Count == 0, "These cite a design document outside the repository:\n" + string.Join("\n", citing));
    }

    /// <summary>A path relative to the root, or to functions/FanRewards.{Core,Functions}/ as the document abbreviates them.</summary>
    private static bool Exists(string path)
    {
        string[] bases = [Root, Path.Combine(Root, "functions", "FanRewards.Core"), Path.Combine(Root, "functions")];
        var relative = path.StartsWith("Core/", StringComparison.Ordinal) ? path["Core/".Length..]
            : path.StartsWith("Functions/", StringComparison.Ordinal) ? "FanRewards.Functions/" + path["Functions/".Length..]
            : path;
        return bases.Any(b => File.Exists(Path.Combine(b, relative)) || Directory.Exists(Path.Combine(b, relative.TrimEnd('/'))));
    }

    [GeneratedRegex("`([^`\n]+)`")]
    private static partial Regex CodeSpans();

    /// <summary>A span that names a file or folder: has a slash and no spaces before its first word ends, no wildcards.</summary>
    [GeneratedRegex(@"^[\w.\-]+(/[\w.\-]+)+/?(\s|$)")]
    private static partial Regex FileLike();

    [GeneratedRegex(@"DESIGN\.md")]
    private static partial Regex OutsideDesign();
}

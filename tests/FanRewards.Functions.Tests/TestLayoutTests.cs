using System.Text.RegularExpressions;
using FanRewards.Azurite;

namespace FanRewards.Functions.Tests;

/// <summary>
/// A test is found by the name of what it tests: tests/FanRewards.X.Tests/&lt;Folder&gt;/ holds the tests of
/// functions/FanRewards.X/&lt;Folder&gt;/ (or tools/), the Function App's integration tests may also sit under the Core
/// feature they exercise, what a project's tests share sits in its Support/ folder, and namespaces follow folders.
/// </summary>
public sealed partial class TestLayoutTests
{
    private const string SharedFolder = "Support";
    private static readonly string Root = RepositoryRoot.Find(AppContext.BaseDirectory);
    private static readonly string Tests = Path.Combine(Root, "tests");

    [Fact]
    public void Every_test_folder_names_a_folder_of_the_code_it_tests()
    {
        var projects = TestProjects().ToList();
        Assert.True(projects.Count >= 6, $"Only {projects.Count} test projects found under {Tests}.");

        var strays = new List<string>();
        foreach (var (testProject, tested) in projects)
        {
            // The Function App's integration tests exercise Core's features through it.
            var mirrored = Path.GetFileName(tested) == "FanRewards.Functions" ? new[] { tested, CoreProject } : [tested];
            foreach (var folder in SourceFolders(testProject))
            {
                var relative = Path.GetRelativePath(testProject, folder);
                if (relative.Split(Path.DirectorySeparatorChar)[0] == SharedFolder) continue;
                if (!mirrored.Any(m => Directory.Exists(Path.Combine(m, relative))))
                    strays.Add($"{Path.GetRelativePath(Root, folder)} has no counterpart in {string.Join(" or ", mirrored.Select(m => Path.GetRelativePath(Root, m)))}");
            }
        }

        Assert.True(strays.Count == 0, "Test folders that mirror nothing (move them, or put shared helpers in Support/):\n" + string.Join("\n", strays));
    }

    [Fact]
    public void Every_test_namespace_follows_its_folder()
    {
        var files = Directory.EnumerateDirectories(Tests).SelectMany(SourceFiles).ToList();
        Assert.True(files.Count >= 100, $"Only {files.Count} test sources found under {Tests}.");

        var wrong = new List<string>();
        foreach (var file in files)
        {
            var project = Path.GetRelativePath(Tests, file).Split(Path.DirectorySeparatorChar)[0];
            var folder = Path.GetDirectoryName(Path.GetRelativePath(Path.Combine(Tests, project), file))!;
            var expected = string.Join('.', new[] { project }.Concat(folder.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries)));
            var declared = FileScopedNamespace().Match(File.ReadAllText(file)) is { Success: true } m ? m.Groups[1].Value : "(none)";
            if (declared != expected) wrong.Add($"{Path.GetRelativePath(Root, file)} declares {declared}, its folder says {expected}");
        }

        Assert.True(wrong.Count == 0, "Namespaces that do not follow their folder:\n" + string.Join("\n", wrong));
    }

    private static string CoreProject => Path.Combine(Root, "functions", "FanRewards.Core");

    /// <summary>Each tests/FanRewards.X.Tests with the project it tests, functions/FanRewards.X or tools/FanRewards.X.</summary>
    private static IEnumerable<(string TestProject, string Tested)> TestProjects() =>
        from testProject in Directory.EnumerateDirectories(Tests, "*.Tests")
        let name = Path.GetFileName(testProject)[..^".Tests".Length]
        from tested in new[] { Path.Combine(Root, "functions", name), Path.Combine(Root, "tools", name) }
        where Directory.Exists(tested)
        select (testProject, tested);

    private static IEnumerable<string> SourceFolders(string project) =>
        SourceFiles(project).Select(Path.GetDirectoryName).OfType<string>().Where(d => d != project).Distinct();

    private static IEnumerable<string> SourceFiles(string project) =>
        Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories).Where(path =>
        {
            var parts = Path.GetRelativePath(project, path).Split(Path.DirectorySeparatorChar);
            return parts[0] is not ("bin" or "obj");
        });

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex FileScopedNamespace();
}

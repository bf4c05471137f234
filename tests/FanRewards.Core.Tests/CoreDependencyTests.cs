using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace FanRewards.Core.Tests;

/// <summary>
/// What Core may depend on, read from its IL: its features (<c>FanRewards.Core.&lt;Feature&gt;</c> and everything under
/// it) use each other in one direction only, so each can be read and changed knowing only those below it; and it
/// references no Azure SDK, so the domain runs and is tested without storage.
/// </summary>
public class CoreDependencyTests
{
    private const string CoreNamespace = "FanRewards.Core";
    private const string Kernel = "(kernel)";

    private static readonly ArchUnitNET.Domain.Architecture Core =
        new ArchLoader().LoadAssemblies(typeof(Problem).Assembly).Build();

    [Fact]
    public void Core_feature_namespaces_are_free_of_cycles()
    {
        var edges = FeatureDependencies(Core.Types);

        // The scan must see the features and their uses, or it would pass by finding none.
        Assert.Contains("Campaigns", edges["Draws"].Keys);
        Assert.Contains(Kernel, edges["Draws"].Keys);
        var cycles = Cycles(edges.ToDictionary(e => e.Key, e => (IReadOnlyCollection<string>)e.Value.Keys));
        // The shortest first, and a few only: each shows which type uses which, which is where to start untangling.
        var shown = cycles.OrderBy(c => c.Count).Take(10).Select(cycle =>
            string.Join(" -> ", cycle) + ":\n" + string.Join("\n", cycle.Zip(cycle.Skip(1))
                .Select(step => $"  {step.First} -> {step.Second}, e.g. {edges[step.First][step.Second]}")));
        Assert.True(cycles.Count == 0, $"Core's features depend on each other in {cycles.Count} cycles, among them:\n" + string.Join("\n", shown));
    }

    [Fact]
    public void The_cycle_search_finds_every_cycle_and_only_cycles()
    {
        var graph = new Dictionary<string, IReadOnlyCollection<string>>
        {
            ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A", "D"], ["D"] = [], ["E"] = ["E2"], ["E2"] = ["E"],
        };

        Assert.Equal(["A -> B -> C -> A", "E -> E2 -> E"], Cycles(graph).Select(c => string.Join(" -> ", c)).Order());
        Assert.Empty(Cycles(new Dictionary<string, IReadOnlyCollection<string>> { ["A"] = ["B"], ["B"] = [], ["C"] = ["A", "B"] }));
    }

    [Fact]
    public void Core_uses_no_Azure_type() =>
        NoTypeUsesNamespace("Azure").And(NoTypeUsesNamespace("Microsoft.Azure")).Check(Core);

    [Fact]
    public void The_Azure_rule_sees_the_types_Core_uses_from_other_assemblies() =>
        // Core does use CsvHelper (another assembly, for the exports): the same rule over its namespace must fail.
        Assert.False(NoTypeUsesNamespace("CsvHelper").HasNoViolations(Core));

    private static ArchUnitNET.Fluent.IArchRule NoTypeUsesNamespace(string ns) =>
        Types().Should().NotDependOnAnyTypesThat().ResideInNamespaceOrBelow(ns);

    [Fact]
    public void Core_references_no_Azure_assembly()
    {
        var azure = typeof(Problem).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "")
            .Where(name => name.StartsWith("Azure.", StringComparison.Ordinal) || name.StartsWith("Microsoft.Azure.", StringComparison.Ordinal))
            .ToList();

        Assert.True(azure.Count == 0, "Core references " + string.Join(", ", azure));
    }

    /// <summary>
    /// Per feature, the features its types use and one type dependency that shows it. The root namespace (ids,
    /// problems) is the shared kernel every feature may use; it is a node of its own, so that it may use no feature.
    /// </summary>
    private static Dictionary<string, Dictionary<string, string>> FeatureDependencies(IEnumerable<IType> types)
    {
        var edges = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var type in types)
        {
            if (FeatureOf(type) is not { } from) continue;
            var uses = edges.TryGetValue(from, out var known) ? known : edges[from] = new(StringComparer.Ordinal);
            foreach (var dependency in type.Dependencies)
            {
                if (FeatureOf(dependency.Target) is { } to && to != from)
                    uses.TryAdd(to, $"{type.FullName} uses {dependency.Target.FullName}");
            }
        }
        return edges;
    }

    private static string? FeatureOf(IType type)
    {
        // Compiler-made types (<PrivateImplementationDetails> for constant data) sit in no namespace: part of no feature.
        if (type.Namespace?.FullName is not { } ns) return null;
        if (ns == CoreNamespace) return Kernel;
        return ns.StartsWith(CoreNamespace + ".", StringComparison.Ordinal) ? ns[(CoreNamespace.Length + 1)..].Split('.')[0] : null;
    }

    /// <summary>Every elementary cycle's features, each cycle once, starting from its smallest name (Johnson's idea, small graphs).</summary>
    private static List<List<string>> Cycles(IReadOnlyDictionary<string, IReadOnlyCollection<string>> graph)
    {
        var cycles = new List<List<string>>();
        foreach (var start in graph.Keys.Order(StringComparer.Ordinal))
        {
            // Only cycles whose smallest node is the start, so that each is found once.
            var path = new List<string> { start };
            void Walk(string node)
            {
                foreach (var next in graph.GetValueOrDefault(node) ?? [])
                {
                    if (next == start)
                    {
                        cycles.Add([.. path, start]);
                    }
                    else if (string.CompareOrdinal(next, start) > 0 && !path.Contains(next))
                    {
                        path.Add(next);
                        Walk(next);
                        path.RemoveAt(path.Count - 1);
                    }
                }
            }
            Walk(start);
        }
        return cycles;
    }
}

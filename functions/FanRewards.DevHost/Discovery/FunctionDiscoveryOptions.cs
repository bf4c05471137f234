using System.Reflection;
using FanRewards.Functions;

namespace FanRewards.DevHost.Discovery;

/// <summary>
/// Where the DevHost looks for functions: every public class of <see cref="Assemblies"/> plus the classes in
/// <see cref="Types"/>. By default the Function App's assembly alone; tests swap in their own function classes.
/// </summary>
public sealed class FunctionDiscoveryOptions
{
    public IList<Assembly> Assemblies { get; } = [typeof(Registration).Assembly];

    public IList<Type> Types { get; } = [];

    internal IEnumerable<Type> CandidateTypes() =>
        Assemblies.SelectMany(assembly => assembly.GetExportedTypes()).Concat(Types).Distinct();
}

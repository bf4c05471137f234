using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace FanRewards.Functions.Identity;

/// <summary>Every admin function of this app with the roles its <see cref="AdminRouteAttribute"/> names, read once by reflection.</summary>
public static class AdminRoutes
{
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<string>>> ByFunction = new(() =>
        typeof(AdminRoutes).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Select(m => (Function: m.GetCustomAttribute<FunctionAttribute>(), Route: m.GetCustomAttribute<AdminRouteAttribute>()))
            .Where(x => x.Function is not null && x.Route is not null)
            .ToDictionary(x => x.Function!.Name, x => x.Route!.AnyOfRoles, StringComparer.Ordinal));

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> All => ByFunction.Value;

    /// <summary>The roles that may call <paramref name="function"/>; a function without the attribute is a bug, not a 403.</summary>
    public static IReadOnlyList<string> RolesOf(string function) =>
        ByFunction.Value.TryGetValue(function, out var roles)
            ? roles
            : throw new InvalidOperationException($"Function '{function}' has no [AdminRoute]: every admin route names its roles.");
}

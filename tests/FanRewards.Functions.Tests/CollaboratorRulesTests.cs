using System.Reflection;
using System.Runtime.CompilerServices;
using FanRewards.Core;
using FanRewards.Storage;

namespace FanRewards.Functions.Tests;

/// <summary>
/// A service takes what it needs: no constructor of Core, the storage layer or the Function App has a collaborator
/// that defaults to null, so what a class depends on is read from its constructor, and a host that forgets to register
/// one fails at start instead of running without it. Records are data, not services, and keep their optional values.
/// </summary>
public sealed class CollaboratorRulesTests
{
    private static readonly Assembly[] Production = [typeof(Problem).Assembly, typeof(StorageTables).Assembly, typeof(Registration).Assembly];

    [Fact]
    public void No_service_constructor_has_a_collaborator_that_defaults_to_null()
    {
        var services = Production.SelectMany(a => a.GetTypes()).Where(IsService).ToList();

        // The scan must see the services, or it would pass by finding none.
        Assert.True(services.Count >= 50, $"Only {services.Count} service classes found.");
        var optional = services.SelectMany(OptionalCollaborators).ToList();
        Assert.True(optional.Count == 0, "Collaborators that default to null:\n" + string.Join("\n", optional));
    }

    [Fact]
    public void The_scan_finds_a_collaborator_that_defaults_to_null_and_nothing_else()
    {
        Assert.Equal(["WithOptional(TimeProvider clock = null)"], OptionalCollaborators(typeof(WithOptional)));
        Assert.Empty(OptionalCollaborators(typeof(WithRequired)));
        Assert.False(IsService(typeof(OptionalData)));
    }

    private static bool IsService(Type type) =>
        type is { IsClass: true, IsAbstract: false } && !type.IsSubclassOf(typeof(Exception)) && !type.IsSubclassOf(typeof(Delegate))
        && type.GetCustomAttribute<CompilerGeneratedAttribute>() is null
        // A record is data: its optional values are part of what it says, not something it needs.
        && type.GetMethod("<Clone>$") is null;

    private static IEnumerable<string> OptionalCollaborators(Type type) =>
        type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .SelectMany(ctor => ctor.GetParameters())
            .Where(p => p.HasDefaultValue && p.DefaultValue is null && !p.ParameterType.IsValueType)
            .Select(p => $"{type.Name}({p.ParameterType.Name} {p.Name} = null)");

    private sealed class WithOptional(TimeProvider? clock = null)
    {
        public TimeProvider? Clock { get; } = clock;
    }

    private sealed class WithRequired(TimeProvider clock, int retries = 3)
    {
        public TimeProvider Clock { get; } = clock;
        public int Retries { get; } = retries;
    }

    private sealed record OptionalData(string Name, string? Note = null);
}

using FanRewards.Core.Admins;

namespace FanRewards.Testing;

/// <summary>Admins for tests that call the Core admin services directly: a person by name, with every role.</summary>
public static class TestAdmins
{
    public static AdminPrincipal Named(string name) => new("test-" + name, name, AdminRoles.All.ToHashSet(StringComparer.Ordinal));
}

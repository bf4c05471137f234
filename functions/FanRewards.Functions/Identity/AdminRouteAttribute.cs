namespace FanRewards.Functions.Identity;

/// <summary>
/// Marks an admin HTTP function and names the app roles that may call it (any one of them is enough). The one place a
/// route's roles are written: <see cref="IAdminGate"/> enforces them, the route walk tests and the OpenAPI document read them.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class AdminRouteAttribute(params string[] anyOfRoles) : Attribute
{
    public IReadOnlyList<string> AnyOfRoles { get; } = anyOfRoles;
}

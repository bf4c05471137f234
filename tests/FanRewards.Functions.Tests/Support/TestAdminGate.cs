using FanRewards.Core;
using FanRewards.Core.Admins;
using FanRewards.Functions.Identity;
using Microsoft.AspNetCore.Http;

namespace FanRewards.Functions.Tests.Support;

/// <summary>
/// An <see cref="IAdminGate"/> for trigger tests: admits as one fixed person with the given roles, and refuses with the
/// same 403 the real gate gives when the function's [AdminRoute] names none of them, so role rules stay testable.
/// </summary>
internal sealed class TestAdminGate(AdminPrincipal admin) : IAdminGate
{
    public static TestAdminGate As(string name, params string[] roles) =>
        new(new AdminPrincipal("test-" + name, name, (roles.Length == 0 ? AdminRoles.All : roles).ToHashSet(StringComparer.Ordinal)));

    /// <summary>Every role: for tests about something other than roles.</summary>
    public static TestAdminGate Anyone { get; } = As("王主任");

    public AdminPrincipal Admin => admin;

    public Task<AdminPrincipal> AdmitAsync(HttpRequest request, string function)
    {
        var required = AdminRoutes.RolesOf(function);
        if (!required.Any(admin.Has))
        {
            throw new ProblemException(new Problem(Problem.TypePrefix + "admin-forbidden", 403, "A role is missing.",
                $"This needs one of the roles: {string.Join(", ", required)}.",
                Extensions: new Dictionary<string, object?> { ["requiredRoles"] = required }));
        }
        return Task.FromResult(admin);
    }
}

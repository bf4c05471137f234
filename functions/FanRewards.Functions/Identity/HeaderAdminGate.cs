using FanRewards.Core.Admins;
using FanRewards.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace FanRewards.Functions.Identity;

/// <summary>
/// INTERIM (contract for issue #14, replaced by the token gate): admits everyone who passed the host's function key,
/// as the person the X-Actor header names, with every role. It already insists that the function names its roles.
/// </summary>
public sealed class HeaderAdminGate : IAdminGate
{
    public Task<AdminPrincipal> AdmitAsync(HttpRequest request, string function)
    {
        _ = AdminRoutes.RolesOf(function);
        var name = HttpEndpoint.Actor(request);
        return Task.FromResult(new AdminPrincipal("header:" + name, name, AdminRoles.All.ToHashSet(StringComparer.Ordinal)));
    }
}

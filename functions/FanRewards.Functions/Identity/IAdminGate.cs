using FanRewards.Core.Admins;
using Microsoft.AspNetCore.Http;

namespace FanRewards.Functions.Identity;

/// <summary>
/// The way in for every admin route: who is calling (a validated admin token) and whether they hold one of the roles
/// the function's <see cref="AdminRouteAttribute"/> names. Throws a 401 problem (no or invalid token) or a 403 problem
/// naming the missing role.
/// </summary>
public interface IAdminGate
{
    /// <param name="function">The [Function] name (<c>nameof</c> the method), whose <see cref="AdminRouteAttribute"/> gives the roles.</param>
    Task<AdminPrincipal> AdmitAsync(HttpRequest request, string function);
}

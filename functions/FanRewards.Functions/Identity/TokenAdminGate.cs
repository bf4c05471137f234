using FanRewards.Core.Admins;
using Microsoft.AspNetCore.Http;

namespace FanRewards.Functions.Identity;

/// <summary>
/// The admin gate: a valid admin token (401 otherwise), then one of the roles the function's [AdminRoute] names
/// (403 naming them otherwise). The bearer token is the only key: admin routes are anonymous at the host.
/// </summary>
public sealed class TokenAdminGate(AdminAuthenticator authenticator) : IAdminGate
{
    public async Task<AdminPrincipal> AdmitAsync(HttpRequest request, string function)
    {
        // The roles first: a function without [AdminRoute] is a bug that must fail for everyone, signed in or not.
        var required = AdminRoutes.RolesOf(function);
        var admin = await authenticator.AuthenticateAsync(request);
        return required.Any(admin.Has) ? admin : throw AdminProblems.Forbidden(required);
    }
}

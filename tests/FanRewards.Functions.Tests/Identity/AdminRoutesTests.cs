using System.Reflection;
using FanRewards.Core.Admins;
using FanRewards.Functions.Identity;
using Microsoft.Azure.Functions.Worker;

namespace FanRewards.Functions.Tests.Identity;

public sealed class AdminRoutesTests
{
    private static IEnumerable<(MethodInfo Method, string Route)> HttpFunctions() =>
        typeof(AdminRoutes).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .SelectMany(m => m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>())
                .OfType<HttpTriggerAttribute>().Select(t => (m, t.Route ?? "")));

    [Fact]
    public void Every_manage_route_names_its_roles_and_no_other_route_does()
    {
        var functions = HttpFunctions().ToList();
        Assert.NotEmpty(functions);
        foreach (var (method, route) in functions)
        {
            var marked = method.GetCustomAttribute<AdminRouteAttribute>();
            if (route.StartsWith("manage/", StringComparison.Ordinal))
            {
                Assert.True(marked is not null, $"{method.Name} ({route}) has no [AdminRoute].");
                Assert.NotEmpty(marked!.AnyOfRoles);
                Assert.All(marked.AnyOfRoles, r => Assert.True(AdminRoles.IsKnown(r), $"{method.Name}: unknown role {r}"));
            }
            else
            {
                Assert.True(marked is null, $"{method.Name} ({route}) is not an admin route but has [AdminRoute].");
            }
        }
    }

    [Fact]
    public void Roles_are_read_by_function_name_and_an_unmarked_function_is_a_bug()
    {
        Assert.Equal([AdminRoles.Publisher], AdminRoutes.RolesOf("PublishCampaign"));
        Assert.Throws<InvalidOperationException>(() => AdminRoutes.RolesOf("GetWinners"));
    }
}

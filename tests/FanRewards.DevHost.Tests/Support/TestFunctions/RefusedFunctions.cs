using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FanRewards.DevHost.Tests.Support.TestFunctions;

/// <summary>Functions the Functions host would not serve either: the DevHost must refuse them at startup.</summary>
public static class RefusedFunctions
{
    public sealed class AdminRoute
    {
        [Function("AdminRoute")]
        public IActionResult Run([HttpTrigger(AuthorizationLevel.Function, "get", Route = "admin/campaigns")] HttpRequest request) =>
            new OkResult();
    }

    public sealed class UnbindableParameter
    {
        [Function("Unbindable")]
        public IActionResult Run(
            [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "things/{id}")] HttpRequest request, string notInRoute) =>
            new OkResult();
    }
}

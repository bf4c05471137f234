using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FanRewards.DevHost.Tests.Support.TestFunctions;

public sealed class HttpTestFunctions(InvocationRecorder recorder)
{
    [Function("Greet")]
    public IActionResult Greet(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "greetings/{name}")] HttpRequest request, string name)
    {
        recorder.Record("Greet", name);
        return new OkObjectResult(new { Greeting = $"Hello, {name}" });
    }

    [Function("Item")]
    public static Task<Item> GetItem(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "put", Route = "items/{id:int}/{label?}")] HttpRequest request,
        int id,
        string? label,
        CancellationToken cancellationToken) =>
        Task.FromResult(new Item(id, label ?? "none", request.Method));

    /// <summary>No route and no methods: served at its name, for every method.</summary>
    [Function("Echo")]
    public static void Echo([HttpTrigger(AuthorizationLevel.Anonymous)] HttpRequest request) =>
        request.HttpContext.Response.Headers["X-Echo-Method"] = request.Method;

    [Function("AdminReport")]
    public static IActionResult Report([HttpTrigger(AuthorizationLevel.Function, "get", Route = "reports/{id:guid}")] HttpRequest request, Guid id) =>
        new OkObjectResult(new { Id = id });

    [Function("Crash")]
    public static Task<IActionResult> Crash([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "crash")] HttpRequest request) =>
        throw new InvalidOperationException("connection string: AccountKey=very-secret");
}

public sealed record Item(int Id, string Label, string Method);

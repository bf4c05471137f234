using FanRewards.DevHost.Invocation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;

namespace FanRewards.DevHost.Http;

/// <summary>Serves each HTTP function at its route under the route prefix, for its methods.</summary>
internal static partial class HttpFunctionEndpoints
{
    public static void MapHttpFunctions(this IEndpointRouteBuilder endpoints, IEnumerable<HttpFunction> functions)
    {
        foreach (var function in functions)
        {
            RequestDelegate handler = context => HandleAsync(context, function);
            var endpoint = function.Methods.Count == 0
                ? endpoints.Map(function.RoutePattern, handler)
                : endpoints.MapMethods(function.RoutePattern, function.Methods, handler);
            endpoint.WithDisplayName(function.Name);
        }
    }

    private static async Task HandleAsync(HttpContext context, HttpFunction function)
    {
        var services = context.RequestServices;
        if (!services.GetRequiredService<FunctionKeyCheck>().Allows(function.AuthorizationLevel, context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        object? result;
        try
        {
            result = await services.GetRequiredService<FunctionInvoker>()
                .InvokeAsync(function.Function, context, services, context.RequestAborted);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // The client has gone; there is nobody to answer.
        }
        catch (Exception)
        {
            // The invoker has logged the exception; the client learns nothing about it.
            await WriteInternalErrorAsync(context);
            return;
        }

        try
        {
            await WriteResultAsync(context, result);
        }
        catch (Exception exception) when (!context.Response.HasStarted)
        {
            LogResultFailed(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HttpFunctionEndpoints)),
                exception, function.Name);
            await WriteInternalErrorAsync(context);
        }
    }

    private static Task WriteResultAsync(HttpContext context, object? result) => result switch
    {
        // void, Task and a null result leave the response as the function left it: 200 unless it set more.
        null => Task.CompletedTask,
        IActionResult actionResult => actionResult.ExecuteResultAsync(
            new ActionContext(context, context.GetRouteData(), new ActionDescriptor())),
        IResult httpResult => httpResult.ExecuteAsync(context),
        _ => context.Response.WriteAsJsonAsync(result, result.GetType(), context.RequestAborted),
    };

    private static Task WriteInternalErrorAsync(HttpContext context)
    {
        if (context.Response.HasStarted)
        {
            // Half a response must not pass for a whole one.
            context.Abort();
            return Task.CompletedTask;
        }

        context.Response.Clear();
        return Results.Problem(statusCode: StatusCodes.Status500InternalServerError).ExecuteAsync(context);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The result of '{FunctionName}' could not be written")]
    private static partial void LogResultFailed(ILogger logger, Exception exception, string functionName);
}

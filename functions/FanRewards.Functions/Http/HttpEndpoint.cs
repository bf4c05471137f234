using FanRewards.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace FanRewards.Functions.Http;

/// <summary>The one place where a trigger's outcome becomes a response: expected problems as 4xx, the unexpected as a bare 500.</summary>
public static class HttpEndpoint
{
    /// <param name="rejected">Told of a problem answered to the client: on entrant routes, a rejected entry to count.</param>
    public static async Task<IActionResult> RunAsync(HttpRequest request, ILogger logger, Func<CancellationToken, Task<IActionResult>> handle,
        Action<Problem>? rejected = null)
    {
        var ct = request.HttpContext.RequestAborted;
        try
        {
            return await handle(ct);
        }
        catch (ProblemException e)
        {
            rejected?.Invoke(e.Problem);
            return JsonBodyResult.Problem(e.Problem, request.Path);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return new StatusCodeResult(499);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Unhandled failure on {Method} {Path}", request.Method, request.Path.Value);
            return JsonBodyResult.Problem(new Problem(Problem.TypePrefix + "internal", 500, "Something went wrong on our side.",
                "The request may be retried. Nothing you sent caused this."), request.Path);
        }
    }

    public static string? IfMatch(HttpRequest request)
    {
        var value = request.Headers.IfMatch.ToString();
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}

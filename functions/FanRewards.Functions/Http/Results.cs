using System.Globalization;
using System.Text.Json;
using FanRewards.Core;
using FanRewards.Core.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FanRewards.Functions.Http;

/// <summary>
/// Writes JSON straight to the response, so results behave the same under the Functions host and the DevHost
/// without depending on MVC's formatters.
/// </summary>
public sealed class JsonBodyResult(object? body, int status = StatusCodes.Status200OK, string contentType = "application/json; charset=utf-8")
    : IActionResult
{
    public object? Body => body;
    public int StatusCode => status;
    public string? ETag { get; init; }
    public string? Location { get; init; }
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = status;
        if (ETag is not null) response.Headers.ETag = ETag;
        if (Location is not null) response.Headers.Location = Location;
        response.Headers.CacheControl = "private, no-store";
        response.Headers.XContentTypeOptions = "nosniff"; // JSON stays JSON: FanRewardsJson writes < and > as they are
        foreach (var (name, value) in Headers ?? new Dictionary<string, string>()) response.Headers[name] = value;
        if (body is null) return;
        response.ContentType = contentType;
        await JsonSerializer.SerializeAsync(response.Body, body, body.GetType(), FanRewardsJson.Options, context.HttpContext.RequestAborted);
    }

    public static JsonBodyResult Problem(Problem problem, string? instance = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["type"] = problem.Type,
            ["title"] = problem.Title,
            ["status"] = problem.Status,
            ["detail"] = problem.Detail,
        };
        if (instance is not null) body["instance"] = instance;
        if (problem.Errors is not null) body["errors"] = problem.Errors;
        if (problem.ErrorCodes is not null) body["errorCodes"] = problem.ErrorCodes;
        // Extensions add to the standard members; they never replace one.
        foreach (var (key, value) in problem.Extensions ?? new Dictionary<string, object?>()) body.TryAdd(key, value);
        var headers = new Dictionary<string, string>();
        if (problem.Status == StatusCodes.Status401Unauthorized) headers["WWW-Authenticate"] = "Bearer";
        if (problem.Extensions?.GetValueOrDefault("retryAfterSeconds") is int retryAfter) headers["Retry-After"] = retryAfter.ToString(CultureInfo.InvariantCulture);
        return new JsonBodyResult(body, problem.Status, "application/problem+json; charset=utf-8") { Headers = headers };
    }
}

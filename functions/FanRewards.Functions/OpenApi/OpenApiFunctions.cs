using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FanRewards.Functions.OpenApi;

/// <summary>Serves the API's own description to integrators and to the reference page at <c>/docs/</c>.</summary>
public sealed class OpenApiFunctions
{
    [Function(nameof(GetOpenApiDocument))]
    public IActionResult GetOpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request) =>
        new OpenApiDocumentResult();

    /// <summary>The document's bytes as kept; like the other results here, it needs no MVC executor.</summary>
    private sealed class OpenApiDocumentResult : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json; charset=utf-8";
            response.Headers.CacheControl = "public, max-age=300";
            // The reference page may be published on another origin (the static website) than the API.
            response.Headers.AccessControlAllowOrigin = "*";
            await response.Body.WriteAsync(OpenApiDocument.Utf8, context.HttpContext.RequestAborted);
        }
    }
}

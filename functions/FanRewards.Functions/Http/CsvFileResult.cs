using FanRewards.Core.Exports;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FanRewards.Functions.Http;

/// <summary>
/// An export as a download: the headers, then the rows streamed into the body as they are written. Private and
/// never stored: it names entrants. Like <see cref="JsonBodyResult"/>, it needs no MVC executor.
/// </summary>
public sealed class CsvFileResult(CsvExport export) : IActionResult
{
    public CsvExport Export => export;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = CsvExport.ContentType;
        response.Headers.CacheControl = "private, no-store";
        response.Headers.ContentDisposition = $"attachment; filename=\"{export.FileName}\"";
        await export.WriteToAsync(response.Body, context.HttpContext.RequestAborted);
    }
}

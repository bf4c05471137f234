using System.Text.Json;
using FanRewards.Core;
using FanRewards.Core.Json;
using Microsoft.AspNetCore.Http;

namespace FanRewards.Functions.Http;

/// <summary>Reads a JSON request body, refusing what is too large, not JSON, or not the expected shape, before anything is written.</summary>
public static class HttpBody
{
    /// <summary>Large enough for 1,000 riddles; anything bigger is a mistake or an attack.</summary>
    public const int DefaultLimitBytes = 256 * 1024;

    public static async Task<T> ReadJsonAsync<T>(HttpRequest request, CancellationToken ct, int limitBytes = DefaultLimitBytes)
        where T : class
    {
        RequireJsonContentType(request);
        if (request.ContentLength > limitBytes) throw new ProblemException(Problem.BodyTooLarge(limitBytes));

        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limitBytes) throw new ProblemException(Problem.BodyTooLarge(limitBytes));
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) throw new ProblemException(Problem.InvalidJson("The body is empty; a JSON document is expected."));

        try
        {
            return JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), FanRewardsJson.Options)
                   ?? throw new ProblemException(Problem.InvalidJson("The body is JSON null; an object or array is expected."));
        }
        catch (JsonException e)
        {
            throw new ProblemException(Problem.InvalidJson(Describe(e)));
        }
    }

    private static void RequireJsonContentType(HttpRequest request)
    {
        var contentType = request.ContentType;
        if (contentType is null) return; // curl without -H is common; the body must still parse as JSON
        var mediaType = contentType.Split(';')[0].Trim();
        if (!mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) &&
            !mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
            throw new ProblemException(Problem.UnsupportedMediaType(contentType));
    }

    /// <summary>
    /// The serializer's message names the JSON path and what went wrong; the CLR type names it also mentions mean
    /// nothing to a client and are cut.
    /// </summary>
    private static string Describe(JsonException e)
    {
        var path = string.IsNullOrEmpty(e.Path) ? "$" : e.Path;
        var message = e.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal) || message.Contains("unmapped", StringComparison.OrdinalIgnoreCase))
            return $"Unknown field at {path}.";
        if (message.Contains("could not be converted", StringComparison.Ordinal))
            return $"Wrong type or value at {path}.";
        if (e.InnerException is null && e.LineNumber is not null)
            return $"Malformed JSON near line {e.LineNumber + 1}, position {e.BytePositionInLine + 1} ({path}).";
        return $"Invalid JSON at {path}.";
    }
}

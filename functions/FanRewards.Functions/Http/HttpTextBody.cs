using System.Text;
using FanRewards.Core;
using Microsoft.AspNetCore.Http;

namespace FanRewards.Functions.Http;

/// <summary>Reads a text request body (UTF-8) up to a limit, refusing a larger one before anything is written.</summary>
public static class HttpTextBody
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static async Task<string> ReadAsync(HttpRequest request, int limitBytes, CancellationToken ct)
    {
        if (request.ContentLength > limitBytes) throw new ProblemException(Problem.BodyTooLarge(limitBytes));

        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limitBytes) throw new ProblemException(Problem.BodyTooLarge(limitBytes));
            buffer.Write(chunk, 0, read);
        }
        // Bytes that are not UTF-8 become U+FFFD, which no valid value contains, so they are reported, not guessed at.
        return Utf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The media type of the request without parameters, lowercased; null without a Content-Type.</summary>
    public static string? MediaType(HttpRequest request) =>
        request.ContentType is { } contentType ? contentType.Split(';')[0].Trim().ToLowerInvariant() : null;
}

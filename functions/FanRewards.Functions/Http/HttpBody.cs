using System.Buffers;
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

        // A pooled buffer, sized from Content-Length when there is one: an entry's body is tens of bytes, and a fresh
        // 16 KiB chunk plus a MemoryStream per request was most of what reading it allocated.
        var buffer = ArrayPool<byte>.Shared.Rent(InitialSize(request.ContentLength, limitBytes));
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length) buffer = Grown(buffer, limitBytes);
                var read = await request.Body.ReadAsync(buffer.AsMemory(length), ct);
                if (read == 0) break;
                length += read;
                if (length > limitBytes) throw new ProblemException(Problem.BodyTooLarge(limitBytes));
            }
            if (length == 0) throw new ProblemException(Problem.InvalidJson("The body is empty; a JSON document is expected."));

            try
            {
                return JsonSerializer.Deserialize<T>(buffer.AsSpan(0, length), FanRewardsJson.Options)
                       ?? throw new ProblemException(Problem.InvalidJson("The body is JSON null; an object or array is expected."));
            }
            catch (JsonException e)
            {
                throw new ProblemException(Problem.InvalidJson(Describe(e)));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Room for the announced body and one byte more (to see the end at once), or a small start.</summary>
    private static int InitialSize(long? contentLength, int limitBytes) =>
        contentLength is > 0 ? (int)Math.Min(contentLength.Value + 1, (long)limitBytes + 1) : Math.Min(4096, limitBytes + 1);

    /// <summary>Twice the room, never more than the limit and one byte (past which the body is refused anyway).</summary>
    private static byte[] Grown(byte[] full, int limitBytes)
    {
        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(full.Length * 2L, limitBytes + 1L));
        full.AsSpan().CopyTo(larger);
        ArrayPool<byte>.Shared.Return(full);
        return larger;
    }

    private static void RequireJsonContentType(HttpRequest request)
    {
        var contentType = request.ContentType;
        if (contentType is null) return; // curl without -H is common; the body must still parse as JSON
        var mediaType = contentType.Split(';')[0].Trim();
        if (!mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) &&
            !mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
        {
            throw new ProblemException(Problem.UnsupportedMediaType(contentType));
        }
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

using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using FanRewards.Core;
using FanRewards.Core.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FanRewards.Functions.Http;

/// <summary>
/// The one place where a public GET says what may be cached: <c>Cache-Control: public, max-age=…</c> (and
/// <c>immutable</c> for what never changes), a strong ETag over the exact bytes, and 304 with no body when the
/// client or the CDN already holds them. Everything else (personal, admin, problems) stays <c>private, no-store</c>
/// (<see cref="JsonBodyResult"/>).
/// </summary>
public static class PublicResponse
{
    /// <summary>
    /// A snapshot from a read model: the same object is served until it changes, so its bytes and ETag are computed
    /// once per snapshot, not per request.
    /// </summary>
    public static CacheableJsonResult Json<T>(PublicRead<T> read) where T : notnull =>
        new(read.Value, read.MaxAge, read.Immutable, remember: true);

    /// <summary>A body built for this request (the campaign page, the list, a leaderboard).</summary>
    public static CacheableJsonResult Json(object body, TimeSpan maxAge) => new(body, maxAge, immutable: false, remember: false);

    /// <summary>The header for a max-age; the few values in use are formatted once, not per response.</summary>
    public static string CacheControl(TimeSpan maxAge, bool immutable) =>
        CacheControls.GetOrAdd(((long)Math.Max(0, maxAge.TotalSeconds), immutable),
            key => $"public, max-age={key.Seconds}" + (key.Immutable ? ", immutable" : ""));

    private static readonly ConcurrentDictionary<(long Seconds, bool Immutable), string> CacheControls = new();

    /// <summary>
    /// If-None-Match holds a list of tags, or *; it compares weakly (RFC 9110 13.1.2), so W/"x" matches "x": a CDN
    /// that compressed the body may have weakened the tag. Read in place: a revalidation allocates nothing here.
    /// </summary>
    public static bool Matches(string? ifNoneMatch, string etag)
    {
        var rest = ifNoneMatch.AsSpan();
        while (!rest.IsEmpty)
        {
            var comma = rest.IndexOf(',');
            var candidate = (comma < 0 ? rest : rest[..comma]).Trim();
            rest = comma < 0 ? default : rest[(comma + 1)..];
            if (candidate is "*") return true;
            if (candidate.StartsWith("W/", StringComparison.Ordinal)) candidate = candidate[2..];
            if (candidate.SequenceEqual(etag)) return true;
        }
        return false;
    }
}

public sealed class CacheableJsonResult(object body, TimeSpan maxAge, bool immutable, bool remember) : IActionResult
{
    private static readonly ConditionalWeakTable<object, Encoded> Remembered = [];

    public object Body => body;
    public TimeSpan MaxAge => maxAge;
    public bool Immutable => immutable;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var encoded = remember ? Remembered.GetValue(body, Encode) : Encode(body);
        var response = context.HttpContext.Response;
        response.Headers.CacheControl = PublicResponse.CacheControl(maxAge, immutable);
        response.Headers.ETag = encoded.ETag;
        response.Headers.XContentTypeOptions = "nosniff"; // JSON stays JSON: FanRewardsJson writes < and > as they are
        if (PublicResponse.Matches(context.HttpContext.Request.Headers.IfNoneMatch.ToString(), encoded.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = encoded.Bytes.Length;
        await response.Body.WriteAsync(encoded.Bytes, context.HttpContext.RequestAborted);
    }

    private static Encoded Encode(object body)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), FanRewardsJson.Options);
        // Strong: the same tag means the same bytes. 128 bits of SHA-256 are plenty to tell versions apart.
        return new Encoded(bytes, $"\"{Convert.ToBase64String(SHA256.HashData(bytes), 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_')}\"");
    }

    private sealed record Encoded(byte[] Bytes, string ETag);
}

using Microsoft.AspNetCore.Http;

namespace FanRewards.Functions.Http;

public static class ClientAddress
{
    /// <summary>
    /// The caller's address as the front end saw it: Azure's front ends put it first in X-Forwarded-For. Only used
    /// for rate limits, where a spoofed header can at most move a caller into another bucket of the same size.
    /// </summary>
    public static string? Of(HttpRequest request)
    {
        var forwarded = request.Headers["X-Forwarded-For"].ToString();
        if (!string.IsNullOrWhiteSpace(forwarded))
        {
            var first = forwarded.Split(',')[0].Trim();
            // An IPv4 with a port (as Azure sends it) counts as the address alone.
            var colon = first.LastIndexOf(':');
            if (colon > 0 && first.IndexOf(':') == colon) first = first[..colon];
            if (first.Length is > 0 and <= 64) return first;
        }
        return request.HttpContext.Connection.RemoteIpAddress?.ToString();
    }
}

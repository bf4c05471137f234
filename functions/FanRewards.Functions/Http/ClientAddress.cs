using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace FanRewards.Functions.Http;

/// <summary>Where the caller's address comes from: what the front ends in front of the app write, never what a client writes.</summary>
public sealed record ClientAddressOptions
{
    /// <summary>
    /// How many hops at the right-hand end of <c>X-Forwarded-For</c> trusted front ends appended: the client's
    /// address is the one that many from the right. 1 on Azure, where the App Service / Functions front end appends
    /// the address it was connected from; 2 with Azure Front Door (or another proxy that appends) in front of that;
    /// 0 with no front end (the DevHost on one machine): the connection's own address.
    /// </summary>
    public int ForwardedHops { get; init; } = 1;

    /// <summary>
    /// A header that a trusted front end sets to the client's address, replacing any value the client sent; read
    /// instead of <c>X-Forwarded-For</c> when set. None by default.
    /// </summary>
    public string? Header { get; init; }

    public static ClientAddressOptions From(IConfiguration configuration) => new()
    {
        ForwardedHops = Math.Max(0, configuration.GetValue(AppSettingNames.ClientAddressForwardedHops, 1)),
        Header = configuration[AppSettingNames.ClientAddressHeader] is { Length: > 0 } header ? header : null,
    };
}

/// <summary>
/// The caller's address for the per-address rate limit. <c>X-Forwarded-For</c> lists every hop, the left-most
/// first, and each proxy appends the address it was connected from: everything left of the hops our own front ends
/// appended was written by the client and says nothing. So the address is read from the right.
/// </summary>
public sealed class ClientAddress(ClientAddressOptions options)
{
    private const string ForwardedFor = "X-Forwarded-For";
    /// <summary>Set by ASP.NET Core's forwarded-headers middleware when it has consumed hops (see <see cref="Hops"/>).</summary>
    private const string OriginalFor = "X-Original-For";
    private const int MaxLength = 64;

    public string? Of(HttpRequest request)
    {
        var connection = request.HttpContext.Connection.RemoteIpAddress?.ToString();
        if (options.Header is { } header)
            return Normalized(request.Headers[header].ToString()) ?? connection;
        if (options.ForwardedHops == 0) return connection;

        string? farthest = null;
        var hop = 0;
        foreach (var address in Hops(request, connection))
        {
            farthest = address;
            if (++hop == options.ForwardedHops) break;
        }
        // Fewer hops than trusted front ends (a request that did not come through all of them): the farthest one known.
        return Normalized(farthest) ?? connection;
    }

    /// <summary>
    /// The hops from the right. The Functions worker's ASP.NET Core integration runs the forwarded-headers middleware
    /// before a function: connected from the host on loopback, it moves the right-most hop into the connection's
    /// address, removes it from <c>X-Forwarded-For</c> and writes the replaced address into <c>X-Original-For</c>.
    /// That hop is then the connection's address, and the hops before it are what is left of the header.
    /// </summary>
    private static IEnumerable<string> Hops(HttpRequest request, string? connection)
    {
        // Only a connection the middleware rewrote counts: it rewrites only requests that came from loopback (the host),
        // and leaves an address that is not loopback. A loopback connection with X-Original-For was not rewritten: that
        // header is then the client's own, and says nothing.
        if (connection is not null && request.Headers.ContainsKey(OriginalFor) &&
            request.HttpContext.Connection.RemoteIpAddress is { } rewritten && !IPAddress.IsLoopback(rewritten))
        {
            yield return connection;
        }

        var lines = request.Headers[ForwardedFor];
        for (var line = lines.Count - 1; line >= 0; line--)
        {
            var value = lines[line] ?? "";
            var end = value.Length;
            while (end > 0)
            {
                var comma = value.LastIndexOf(',', end - 1);
                var hop = value[(comma + 1)..end].Trim();
                if (hop.Length > 0) yield return hop;
                end = comma < 0 ? 0 : comma;
            }
        }
    }

    /// <summary>The address alone (Azure's front end appends "address:port"), in one canonical form.</summary>
    private static string? Normalized(string? hop)
    {
        hop = hop?.Trim();
        if (string.IsNullOrEmpty(hop)) return null;
        if (IPEndPoint.TryParse(hop, out var endpoint)) return endpoint.Address.ToString();
        return hop.Length <= MaxLength ? hop : null;
    }
}

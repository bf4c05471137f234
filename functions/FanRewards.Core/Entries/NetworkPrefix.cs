using System.Net;
using System.Net.Sockets;

namespace FanRewards.Core.Entries;

/// <summary>
/// The network an address belongs to, as far as fraud review cares: its /24 for IPv4 (one home, office or small
/// carrier block) and its /48 for IPv6 (one site). Accounts of a ring behind a few connections share a few of these.
/// </summary>
public static class NetworkPrefix
{
    /// <summary>"203.0.113.0/24" or "2001:db8:1::/48"; null for anything that is not an IP address.</summary>
    public static string? Of(string? address)
    {
        if (string.IsNullOrWhiteSpace(address) || !IPAddress.TryParse(address.Trim(), out var ip)) return null;
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        var bytes = ip.GetAddressBytes();
        if (ip.AddressFamily == AddressFamily.InterNetwork)
        {
            bytes[3] = 0;
            return $"{new IPAddress(bytes)}/24";
        }
        Array.Clear(bytes, 6, bytes.Length - 6);
        return $"{new IPAddress(bytes)}/48";
    }
}

using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using FanRewards.Core.Campaigns;

namespace FanRewards.Core.Entries;

/// <summary>
/// The two fraud-review signals an entry keeps: keyed hashes of the client's network and user-agent family, never the
/// values. The key is derived from the campaign's secret pseudonym key (HMAC with a label of its own), so there is no
/// new secret to keep, and nobody without the key can test whether an address entered. A campaign without a key
/// (published before Trust v2) keeps none.
/// </summary>
public sealed record EntrySignals(string? Network, string? Agent)
{
    /// <summary>Hex characters kept of each hash: 64 bits, plenty to tell a campaign's networks apart.</summary>
    public const int HashLength = 16;

    private static readonly byte[] Label = Encoding.UTF8.GetBytes("fanrewards/fraud-signals/v1");

    public static EntrySignals None { get; } = new(null, null);

    /// <summary>The entry's signals under the campaign's key; none without a key or without traits.</summary>
    public static EntrySignals Of(Campaign campaign, ClientTraits? traits)
    {
        if (campaign.PseudonymKey is not { } key || traits is null) return None;
        var signalKey = SignalKeys.GetValue(key, DeriveSignalKey);
        return new EntrySignals(Hash(signalKey, "network", traits.Network), Hash(signalKey, "agent", traits.AgentFamily));
    }

    /// <summary>
    /// Each campaign's signal key, derived once per key object: the catalog hands out the same cached campaign (and so
    /// the same key object) for every entry, and the entry would otherwise spend an HMAC deriving it again. Weak keys:
    /// the derived key lives as long as the campaign's key object does.
    /// </summary>
    private static readonly ConditionalWeakTable<PseudonymKey, byte[]> SignalKeys = [];

    private static byte[] DeriveSignalKey(PseudonymKey key) => HMACSHA256.HashData(key.Bytes(), Label);

    private static string? Hash(byte[] signalKey, string kind, string? value) => value is null
        ? null
        : Convert.ToHexStringLower(HMACSHA256.HashData(signalKey, Encoding.UTF8.GetBytes($"{kind}|{value}")))[..HashLength];
}

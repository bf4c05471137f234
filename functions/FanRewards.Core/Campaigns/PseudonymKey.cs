using System.Security.Cryptography;

namespace FanRewards.Core.Campaigns;

/// <summary>
/// A campaign's secret pseudonym key (Trust v2, docs/FAIRNESS.md): 32 CSPRNG bytes made in the write that publishes the
/// campaign, never changed after, never published or revealed. Entrants' salts and pseudonyms are derived from it
/// (<c>Entries.CampaignPseudonyms</c>). It is a type of its own so that it cannot be shown by accident: it has no
/// property a serializer would write, and its text is a placeholder, so a view, log line or audit that names it shows
/// nothing of it. Only the campaign store reads its bytes, to keep them in a binary column of the campaign's row.
/// </summary>
public sealed class PseudonymKey : IEquatable<PseudonymKey>
{
    /// <summary>The same length as <c>Entries.Pseudonym.KeyLength</c> (a test holds them equal).</summary>
    public const int Length = 32;

    private readonly byte[] _bytes;

    private PseudonymKey(byte[] bytes) => _bytes = bytes;

    /// <summary>
    /// A fresh key, as <c>Entries.Pseudonym.NewKey()</c> makes it; the campaigns make it here because the entries
    /// feature depends on the campaigns, not the other way round.
    /// </summary>
    public static PseudonymKey New() => new(RandomNumberGenerator.GetBytes(Length));

    /// <summary>A key as stored; anything but 32 bytes is a damaged row, not a key.</summary>
    public static PseudonymKey FromBytes(ReadOnlySpan<byte> bytes) =>
        bytes.Length == Length ? new(bytes.ToArray()) : throw new ArgumentException($"A pseudonym key has {Length} bytes, not {bytes.Length}.", nameof(bytes));

    /// <summary>The key's bytes, for the HMAC that derives a salt and for the store; a method, so no serializer writes it.</summary>
    public ReadOnlySpan<byte> Bytes() => _bytes;

    public bool Equals(PseudonymKey? other) => other is not null && CryptographicOperations.FixedTimeEquals(_bytes, other._bytes);

    public override bool Equals(object? obj) => Equals(obj as PseudonymKey);

    public override int GetHashCode() => Length;

    public override string ToString() => "(secret pseudonym key)";
}

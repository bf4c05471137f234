using System.Collections.Frozen;
using System.Text.Json;

namespace FanRewards.Core.Json;

/// <summary>
/// The text of an enum value on the wire and in storage: exactly what <see cref="FanRewardsJson.Options"/> writes for it
/// ("pending", "firstCome", "draw-alternate"). Stored rows and JSON bodies therefore read the same strings, and a value
/// stored before its property became an enum reads back unchanged.
/// </summary>
public static class WireName
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Names<TEnum>.ByValue[value];

    public static TEnum Parse<TEnum>(string text) where TEnum : struct, Enum =>
        Names<TEnum>.ByName.TryGetValue(text, out var value)
            ? value
            : throw new FormatException($"'{text}' is not a {typeof(TEnum).Name} (expected one of: {string.Join(", ", Names<TEnum>.ByName.Keys)}).");

    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        value = default;
        return text is not null && Names<TEnum>.ByName.TryGetValue(text, out value);
    }

    /// <summary>Every value's name, in declaration order.</summary>
    public static IReadOnlyList<string> All<TEnum>() where TEnum : struct, Enum => Names<TEnum>.InOrder;

    private static class Names<TEnum> where TEnum : struct, Enum
    {
        public static readonly IReadOnlyList<string> InOrder =
            Enum.GetValues<TEnum>().Select(v => JsonSerializer.Deserialize<string>(JsonSerializer.Serialize(v, FanRewardsJson.Options))
                ?? throw new InvalidOperationException($"{typeof(TEnum).Name}.{v} has no name on the wire.")).ToList();

        public static readonly FrozenDictionary<TEnum, string> ByValue =
            Enum.GetValues<TEnum>().Zip(InOrder).ToFrozenDictionary(p => p.First, p => p.Second);

        public static readonly FrozenDictionary<string, TEnum> ByName =
            ByValue.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
    }
}

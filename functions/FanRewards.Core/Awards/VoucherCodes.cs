using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace FanRewards.Core.Awards;

/// <summary>What a voucher code may be: the one rule uploads are checked against.</summary>
public static partial class VoucherCodes
{
    public const int MaxLength = 64;
    public const int MaxPerUpload = 100_000;
    public const string Rule = "1 to 64 characters from A-Z, a-z, 0-9, '-' and '_'";

    // The character set keeps every code a valid Table RowKey (no / \ # ? or control characters) and safe in CSV.
    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid([NotNullWhen(true)] string? code) => code is not null && Pattern().IsMatch(code);
}

using System.Text.RegularExpressions;

namespace FanRewards.DevHost.Discovery;

/// <summary>The host's <c>%Name%</c> placeholders in trigger attributes, replaced by app settings.</summary>
internal static partial class AppSettings
{
    public static string Resolve(string value, IConfiguration configuration, string functionName) =>
        Placeholder().Replace(value, match =>
            configuration[match.Groups["name"].Value]
            ?? throw new InvalidOperationException(
                $"Function '{functionName}': app setting '{match.Groups["name"].Value}' used in '{value}' is not set."));

    [GeneratedRegex("%(?<name>[^%]+)%")]
    private static partial Regex Placeholder();
}

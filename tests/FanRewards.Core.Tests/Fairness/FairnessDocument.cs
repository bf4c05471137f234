using System.Globalization;
using System.Text.RegularExpressions;
using FanRewards.Azurite;

namespace FanRewards.Core.Tests.Fairness;

/// <summary>
/// Reads docs/FAIRNESS.md the way its tests need it: the fenced block after each <c>&lt;!-- worked-example:… --&gt;</c>
/// marker, its <c>key: value</c> lines, and its records (groups of lines separated by a blank line).
/// </summary>
internal static partial class FairnessDocument
{
    private static readonly Lazy<string> Text = new(() =>
        File.ReadAllText(Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "docs", "FAIRNESS.md")).Replace("\r\n", "\n"));

    public static string All => Text.Value;

    /// <summary>The body of the fenced block right after <c>&lt;!-- {prefix}{name} --&gt;</c>, with its final newline.</summary>
    public static string Block(string name, string prefix = "worked-example:")
    {
        var match = Regex.Match(Text.Value, $@"<!-- {Regex.Escape(prefix + name)} -->\n```[a-z]*\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline);
        Assert.True(match.Success, $"docs/FAIRNESS.md has no block marked <!-- {prefix}{name} -->");
        return match.Groups[1].Value;
    }

    public static Dictionary<string, string> KeyValues(string name) => KeyValuesOf(Block(name));

    /// <summary>A block of records, one <c>key: value</c> group each, separated by blank lines.</summary>
    public static List<Dictionary<string, string>> Records(string name) =>
        Block(name).Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(KeyValuesOf).ToList();

    public static byte[] Hex(string text) => Convert.FromHexString(text);

    public static double ParseDouble(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    public static int ParseInt(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    private static Dictionary<string, string> KeyValuesOf(string block) =>
        block.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => KeyValue().Match(line))
            .Select(m => Assert.IsType<Match>(m.Success ? m : null))
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

    [GeneratedRegex(@"^([A-Za-z]+):\s+(.*)$")]
    private static partial Regex KeyValue();
}

using System.Globalization;
using System.Text;

namespace FanRewards.Core.Entries;

/// <summary>
/// Decides whether what someone typed on a phone is one of a riddle's accepted answers. People type full-width
/// letters, stray spaces, 《》 and 。, capitals; none of that should make a right answer wrong. Traditional and
/// simplified forms match when the riddle lists both among its answers.
/// </summary>
public static class AnswerMatcher
{
    public const int MaxAnswerLength = 100;

    /// <summary>What a phone sent as an answer; blank or too long is refused (422) before anything is read.</summary>
    public static string Required(string? answer) =>
        string.IsNullOrWhiteSpace(answer) || answer.Length > MaxAnswerLength
            ? throw new ProblemException(Problem.Validation(new Dictionary<string, string[]>
            {
                ["answer"] = [$"Required: 1 to {MaxAnswerLength} characters."],
            }))
            : answer;

    public static bool Matches(string typed, IEnumerable<string> accepted)
    {
        var normalized = Normalize(typed);
        return normalized.Length > 0 && accepted.Any(a => Normalize(a) == normalized);
    }

    /// <summary>
    /// NFKC folds full-width forms into half-width ones (Ａ→A, ３→3, full-width space); case is folded; whitespace,
    /// punctuation and symbols (。，！《》“” and their ASCII kin) are dropped.
    /// </summary>
    public static string Normalize(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var result = new StringBuilder(folded.Length);
        foreach (var rune in folded.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (Rune.IsWhiteSpace(rune) || Rune.IsControl(rune) || IsPunctuationOrSymbol(category)) continue;
            result.Append(rune.ToString());
        }
        return result.ToString();
    }

    private static bool IsPunctuationOrSymbol(UnicodeCategory category) => category is
        UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation or
        UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation or
        UnicodeCategory.OtherPunctuation or UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol or
        UnicodeCategory.ModifierSymbol or UnicodeCategory.OtherSymbol or UnicodeCategory.Format;
}

using FanRewards.Core.Campaigns;
using FanRewards.Core.Campaigns.Model;
using FanRewards.Core.Entries;

namespace FanRewards.Core.Entering;

/// <summary>What an entrant wrote, checked before anything is stored: a message's text, a sign-up's fields.</summary>
public static class EntryContent
{
    /// <summary>The text if it may be entered; else a 422 (its length, control characters) or a sensitive-content problem.</summary>
    public static string CheckText(string? text, TextActivity activity, EntryPolicy policy)
    {
        var (min, max) = (activity.MinLength, activity.MaxLength);
        var errors = new ValidationErrors();
        if (text is null || string.IsNullOrWhiteSpace(text))
        {
            errors.Add("text", "required", "Required.");
            throw new ProblemException(Problem.Validation(errors));
        }
        var length = text.EnumerateRunes().Count();
        if (length < min || length > max)
        {
            errors.Add("text", "length-out-of-range", $"Must be {min} to {max} characters; it is {length}.",
            ("min", min), ("max", max), ("length", length));
        }
        else if (text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            errors.Add("text", "control-characters", "Must not contain control characters.");
        }

        errors.ThrowIfAny(e => Problem.Validation(e));
        foreach (var word in policy.SensitiveWords)
        {
            if (word.Length > 0 && text.Contains(word, StringComparison.OrdinalIgnoreCase))
                throw new ProblemException(MoreEntryProblems.SensitiveContent(word));
        }

        return text;
    }

    public static Dictionary<string, string> CheckSignupFields(SignupActivity activity, IReadOnlyDictionary<string, string> given)
    {
        var errors = new ValidationErrors();
        var asked = activity.Fields;
        foreach (var name in given.Keys.Where(k => asked.All(f => f.Id != k))) errors.Add($"fields.{name}", "not-asked", "This activity does not ask for it.");
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in asked)
        {
            var path = $"fields.{field.Id}";
            if (!given.TryGetValue(field.Id, out var value) || string.IsNullOrWhiteSpace(value))
            {
                if (field.Required) errors.Add(path, "required", "Required.");
                continue;
            }
            if (field.Options is { } options && !options.Contains(value))
            {
                errors.Add(path, "one-of", $"Must be one of: {string.Join(", ", options)}.", ("options", options.ToArray()));
            }
            else if (value.Length > CampaignLimits.ShortText || value.Any(char.IsControl))
            {
                errors.Add(path, "too-long-or-control-characters",
                $"At most {CampaignLimits.ShortText} characters, no control characters.", ("max", CampaignLimits.ShortText));
            }
            else
            {
                answers[field.Id] = value;
            }
        }
        errors.ThrowIfAny(e => Problem.Validation(e));
        return answers;
    }
}

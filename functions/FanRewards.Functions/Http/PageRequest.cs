using System.Globalization;
using FanRewards.Core;
using Microsoft.AspNetCore.Http;

namespace FanRewards.Functions.Http;

/// <summary>
/// How one list route pages: the name of its size parameter (<c>limit</c>; the admin lists have always called it
/// <c>max</c>), the size when none is asked for, the largest size, and what an <c>after</c> key looks like on a route that
/// continues from one.
/// </summary>
public sealed record PageRule(string SizeName, int DefaultSize, int MaxSize, PageCursor? After = null)
{
    /// <summary>The admin lists: audit, moderation queue, outbox events.</summary>
    public static readonly PageRule AdminList = new("max", 200, 1000);

    /// <summary>A draw's entry set, page after page in pseudonym order.</summary>
    public static readonly PageRule DrawEntries = new("limit", 1000, 1000, PageCursor.Pseudonym);
}

/// <summary>What an <c>after</c> key must be, and the words that say so.</summary>
public sealed record PageCursor(Func<string, bool> IsValid, string Rule)
{
    public static readonly PageCursor Pseudonym = new(key => key.Length == 64 && key.All(char.IsAsciiHexDigitLower),
        "a pseudonym: 64 lowercase hex digits");
}

/// <summary>
/// The one way a route reads its page size and <c>after</c> key: absent or empty means the default (the first page);
/// a size that is not a whole number from 1 to the rule's largest, or a key of the wrong shape, is a 422 validation
/// problem naming the parameter, with codes a client can translate (docs/PROBLEMS.md), before anything is read.
/// </summary>
public sealed record PageRequest(int Limit, string? After)
{
    public static PageRequest From(HttpRequest request, PageRule rule)
    {
        var errors = new ValidationErrors();
        var limit = rule.DefaultSize;
        if (request.Query[rule.SizeName].ToString() is { Length: > 0 } size)
        {
            var range = $"Must be a whole number from 1 to {rule.MaxSize}.";
            if (!size.All(char.IsAsciiDigit))
                errors.Add(rule.SizeName, "not-a-whole-number", range, ("min", 1L), ("max", (long)rule.MaxSize));
            else if (!int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > rule.MaxSize)
                errors.Add(rule.SizeName, "out-of-range", range, ("min", 1L), ("max", (long)rule.MaxSize));
        }
        string? after = null;
        if (rule.After is { } cursor && request.Query["after"].ToString() is { Length: > 0 } key)
        {
            if (cursor.IsValid(key)) after = key;
            else errors.Add("after", "invalid-cursor", $"Must be {cursor.Rule}.");
        }
        errors.ThrowIfAny(e => Problem.Validation(e));
        return new PageRequest(limit, after);
    }
}

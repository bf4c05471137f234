namespace FanRewards.Core;

/// <summary>
/// The machine-readable form of one validation message: a stable kebab-case <see cref="Code"/> (documented in
/// docs/PROBLEMS.md) and the values its wording needs, so that a client can word it in its own language.
/// </summary>
public sealed record ValidationErrorCode(string Code, IReadOnlyDictionary<string, object> Args);

/// <summary>Collects every problem of a request, keyed by the JSON path of the field, so a client sees them all at once.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<(string Message, ValidationErrorCode Code)>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    /// <summary>
    /// Records a problem at <paramref name="path"/>: its <paramref name="code"/> and <paramref name="args"/> for clients
    /// that translate, and the English <paramref name="message"/> that says the same with the arguments filled in.
    /// </summary>
    public void Add(string path, string code, string message, params (string Name, object Value)[] args)
    {
        if (!_errors.TryGetValue(path, out var messages)) _errors[path] = messages = [];
        var argsByName = args.ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal);
        messages.Add((message, new ValidationErrorCode(code, argsByName)));
    }

    public void Require(string? value, string path, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(path, "required", "Required.");
        else Limit(value, path, maxLength);
    }

    public void Limit(string? value, string path, int maxLength)
    {
        if (value is not null && value.Length > maxLength) Add(path, "too-long", $"At most {maxLength} characters.", ("max", maxLength));
    }

    public void Id(string? value, string path, bool required = true)
    {
        if (value is null)
        {
            if (required) Add(path, "required", "Required.");
        }
        else if (!Ids.IsValid(value))
        {
            Add(path, "invalid-id", $"Must be {Ids.Rule}.");
        }
    }

    public void Range(long? value, string path, long min, long max)
    {
        if (value is { } v && (v < min || v > max)) Add(path, "out-of-range", $"Must be from {min} to {max}.", ("min", min), ("max", max));
    }

    public void Unique<T>(IReadOnlyList<T> items, Func<T, string?> key, string listPath, string field)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            if (key(items[i]) is { } k && !seen.Add(k))
                Add($"{listPath}[{i}].{field}", "duplicate", $"'{k}' is used twice.", ("value", k));
        }
    }

    /// <summary>The English messages by path: the problem body's <c>errors</c>.</summary>
    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.Select(m => m.Message).ToArray(), StringComparer.Ordinal);

    /// <summary>The codes by path, in the same order as <see cref="ToDictionary"/>'s messages: the problem body's <c>errorCodes</c>.</summary>
    public IReadOnlyDictionary<string, ValidationErrorCode[]> ToCodeDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.Select(m => m.Code).ToArray(), StringComparer.Ordinal);

    public void ThrowIfAny(Func<ValidationErrors, Problem> toProblem)
    {
        if (!IsEmpty) throw new ProblemException(toProblem(this));
    }
}

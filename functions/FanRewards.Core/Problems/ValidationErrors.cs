namespace FanRewards.Core;

/// <summary>Collects every problem of a request, keyed by the JSON path of the field, so a client sees them all at once.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public void Add(string path, string message)
    {
        if (!_errors.TryGetValue(path, out var messages)) _errors[path] = messages = [];
        messages.Add(message);
    }

    public void Require(string? value, string path, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(path, "Required.");
        else Limit(value, path, maxLength);
    }

    public void Limit(string? value, string path, int maxLength)
    {
        if (value is not null && value.Length > maxLength) Add(path, $"At most {maxLength} characters.");
    }

    public void Id(string? value, string path, bool required = true)
    {
        if (value is null)
        {
            if (required) Add(path, "Required.");
        }
        else if (!Ids.IsValid(value)) Add(path, $"Must be {Ids.Rule}.");
    }

    public void Range(long? value, string path, long min, long max)
    {
        if (value is { } v && (v < min || v > max)) Add(path, $"Must be from {min} to {max}.");
    }

    public void Unique<T>(IReadOnlyList<T> items, Func<T, string?> key, string listPath, string field)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
            if (key(items[i]) is { } k && !seen.Add(k)) Add($"{listPath}[{i}].{field}", $"'{k}' is used twice.");
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public void ThrowIfAny(Func<IReadOnlyDictionary<string, string[]>, Problem> toProblem)
    {
        if (!IsEmpty) throw new ProblemException(toProblem(ToDictionary()));
    }
}

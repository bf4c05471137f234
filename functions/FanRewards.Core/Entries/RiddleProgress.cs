using System.Globalization;
using System.Text;

namespace FanRewards.Core.Entries;

/// <summary>
/// One entrant's progress in one riddle activity: attempts and correctness per riddle. It is a single stored entry
/// (one row per entrant per activity), so every answer is one read and one ETag-guarded write, and the draw reads
/// one row per entrant with the weight (riddles right) already in it.
/// </summary>
public sealed class RiddleProgress
{
    private readonly SortedDictionary<string, RiddleState> _riddles;

    private RiddleProgress(SortedDictionary<string, RiddleState> riddles) => _riddles = riddles;

    public static RiddleProgress Empty() => new(new SortedDictionary<string, RiddleState>(StringComparer.Ordinal));

    public int CorrectCount => _riddles.Values.Count(r => r.Correct);

    public RiddleState this[string riddleId] => _riddles.GetValueOrDefault(riddleId);

    public IReadOnlyDictionary<string, RiddleState> Riddles => _riddles;

    /// <summary>
    /// Applies one answer. A riddle already answered right, or with no attempts left, is not changed: the caller answers
    /// with the standing result and writes nothing.
    /// </summary>
    public AnswerOutcome Answer(string riddleId, bool correct, int attemptLimit)
    {
        var state = this[riddleId];
        // A solved riddle takes no more attempts: 0 left, as the entrant's own view (Mine) says too.
        if (state.Correct) return new AnswerOutcome(true, 0, Changed: false);
        if (state.Attempts >= attemptLimit) return new AnswerOutcome(false, 0, Changed: false, Exhausted: true);
        var next = new RiddleState(state.Attempts + 1, correct);
        _riddles[riddleId] = next;
        return new AnswerOutcome(correct, correct ? 0 : Math.Max(0, attemptLimit - next.Attempts), Changed: true);
    }

    /// <summary>Compact text form for storage: "r01=1+;r02=3" (attempts, '+' when right), well inside one 64 KiB property.</summary>
    public string Encode()
    {
        var text = new StringBuilder();
        foreach (var (id, state) in _riddles)
        {
            if (text.Length > 0) text.Append(';');
            text.Append(id).Append('=').Append(state.Attempts);
            if (state.Correct) text.Append('+');
        }
        return text.ToString();
    }

    public static RiddleProgress Decode(string? text)
    {
        var progress = Empty();
        if (string.IsNullOrEmpty(text)) return progress;
        foreach (var part in text.Split(';'))
        {
            var equals = part.IndexOf('=');
            var correct = part.EndsWith('+');
            var attempts = int.Parse(part.AsSpan(equals + 1, part.Length - equals - 1 - (correct ? 1 : 0)), CultureInfo.InvariantCulture);
            progress._riddles[part[..equals]] = new RiddleState(attempts, correct);
        }
        return progress;
    }
}

public readonly record struct RiddleState(int Attempts, bool Correct);

public sealed record AnswerOutcome(bool Correct, int AttemptsLeft, bool Changed, bool Exhausted = false);

using System.Globalization;
using System.Text;

namespace FanRewards.Core.Entries;

/// <summary>
/// One entrant's progress in one riddle activity: attempts, correctness and the time of the latest answer per riddle
/// (for a solved riddle, the time of the right answer: a solved riddle takes no more). It is a single stored entry (one
/// row per entrant per activity), so every answer is one read and one ETag-guarded write, and the draw reads one row
/// per entrant. The times let a draw or a top-N ranking see the progress as it stood at its cutoff
/// (<see cref="AsOf"/>), however late it runs.
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
    /// Applies one answer given at <paramref name="at"/>. A riddle already answered right, or with no attempts left, is
    /// not changed: the caller answers with the standing result and writes nothing.
    /// </summary>
    public AnswerOutcome Answer(string riddleId, bool correct, int attemptLimit, DateTimeOffset at)
    {
        var state = this[riddleId];
        // A solved riddle takes no more attempts: 0 left, as the entrant's own view (Mine) says too.
        if (state.Correct) return new AnswerOutcome(true, 0, Changed: false);
        if (state.Attempts >= attemptLimit) return new AnswerOutcome(false, 0, Changed: false, Exhausted: true);
        var next = new RiddleState(state.Attempts + 1, correct, StoredTime(at));
        _riddles[riddleId] = next;
        return new AnswerOutcome(correct, correct ? 0 : Math.Max(0, attemptLimit - next.Attempts), Changed: true);
    }

    /// <summary>
    /// The score as it stood at <paramref name="instant"/>: the riddles answered right at or before it, and when the last
    /// of those answers was given (the moment that score was reached; null with no right answer by then).
    /// </summary>
    public RiddleScore AsOf(DateTimeOffset instant)
    {
        var correct = 0;
        DateTimeOffset? reached = null;
        foreach (var state in _riddles.Values)
        {
            if (!state.Correct || state.AnsweredAt > instant) continue;
            correct++;
            if (reached is null || state.AnsweredAt > reached) reached = state.AnsweredAt;
        }
        return new RiddleScore(correct, reached);
    }

    /// <summary>
    /// Compact text form for storage: "r01=1+@1737892800123;r02=3@1737892811000" (attempts, '+' when right, '@' and the
    /// latest answer's time in Unix milliseconds), well inside one 64 KiB property.
    /// </summary>
    public string Encode()
    {
        var text = new StringBuilder();
        foreach (var (id, state) in _riddles)
        {
            if (text.Length > 0) text.Append(';');
            text.Append(id).Append('=').Append(state.Attempts);
            if (state.Correct) text.Append('+');
            text.Append('@').Append(state.AnsweredAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    /// <summary>
    /// Reads the stored form. Rows written before answers had times ("r01=1+", no '@') give their riddles
    /// <paramref name="untimedAt"/>: the caller passes the row's last write, the latest such an answer can have been
    /// given, so an old answer never counts toward a cutoff it may have missed (it may be left out of one it made).
    /// </summary>
    public static RiddleProgress Decode(string? text, DateTimeOffset untimedAt)
    {
        var progress = Empty();
        if (string.IsNullOrEmpty(text)) return progress;
        var fallback = StoredTime(untimedAt);
        foreach (var part in text.Split(';'))
        {
            var equals = part.IndexOf('=');
            var timeAt = part.IndexOf('@', equals + 1);
            var state = timeAt < 0 ? part.AsSpan(equals + 1) : part.AsSpan(equals + 1, timeAt - equals - 1);
            var correct = state.EndsWith("+");
            var attempts = int.Parse(correct ? state[..^1] : state, CultureInfo.InvariantCulture);
            var answeredAt = timeAt < 0
                ? fallback
                : DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(part.AsSpan(timeAt + 1), NumberStyles.None, CultureInfo.InvariantCulture));
            progress._riddles[part[..equals]] = new RiddleState(attempts, correct, answeredAt);
        }
        return progress;
    }

    /// <summary>The entry's progress, its untimed answers (rows from before answers had times) read at the row's last write.</summary>
    public static RiddleProgress Of(EntryRecord? entry) =>
        entry is null ? Empty() : Decode(entry.Progress, entry.LastWrittenAt ?? entry.AcceptedAt);

    /// <summary>
    /// Times are kept to the millisecond, rounded up: an answer is never stored as earlier than it was, so "at or before
    /// a cutoff" (whole seconds or minutes) holds for the stored time exactly when it held for the real one.
    /// </summary>
    private static DateTimeOffset StoredTime(DateTimeOffset at)
    {
        var milliseconds = at.ToUnixTimeMilliseconds();
        if (at.UtcTicks % TimeSpan.TicksPerMillisecond != 0) milliseconds++;
        return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
    }
}

/// <summary>One riddle's state: attempts used, whether one was right, and when the latest answer was given.</summary>
public readonly record struct RiddleState(int Attempts, bool Correct, DateTimeOffset AnsweredAt);

/// <summary>Riddles right by some instant, and when the last of them was answered (the moment that score was reached).</summary>
public readonly record struct RiddleScore(int Correct, DateTimeOffset? ReachedAt);

public sealed record AnswerOutcome(bool Correct, int AttemptsLeft, bool Changed, bool Exhausted = false);

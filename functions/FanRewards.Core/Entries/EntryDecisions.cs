using System.Globalization;

namespace FanRewards.Core.Entries;

/// <summary>
/// An entry's decisions (moderation, a sign-up's seat) as a compact history kept on the row, oldest first:
/// "r@1771560000000,a@1771563600000" (status letter @ unix milliseconds). A draw sealed at a cutoff reads the status
/// AS IT STOOD THEN from it, so a message rejected before the cutoff and approved after it stays out, a sign-up
/// confirmed before and waitlisted after stays in, and the sealed set is the same whenever the seal scan runs.
/// Decisions are not personal data (a status and a time), so the retention's erasure leaves them.
/// </summary>
public static class EntryDecisions
{
    /// <summary>
    /// How many decisions a row keeps: the oldest goes beyond it. Only an entry re-decided this often after a cutoff
    /// and before that draw's seal scan (which runs seconds after the cutoff) could be read otherwise than it stood.
    /// </summary>
    public const int MaxKept = 32;

    private static readonly (EntryStatus Status, char Letter)[] Letters =
        [(EntryStatus.Pending, 'p'), (EntryStatus.Approved, 'a'), (EntryStatus.Rejected, 'r'), (EntryStatus.Confirmed, 'c'), (EntryStatus.Waitlisted, 'w')];

    /// <summary>The entry with <paramref name="status"/> decided at <paramref name="at"/>, appended to its history.</summary>
    public static EntryRecord Decide(EntryRecord entry, EntryStatus status, DateTimeOffset at)
    {
        var history = Read(entry).ToList();
        // A row decided before histories existed keeps that decision as its first, so an older rejection still counts.
        if (entry.Decisions is null && entry is { DecidedAt: { } before, Status: { } was }) history.Add((was, before));
        history.Add((status, at));
        var kept = history.Skip(Math.Max(0, history.Count - MaxKept))
            .Select(d => $"{LetterOf(d.Status)}@{d.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}");
        return entry with { Status = status, DecidedAt = at, Decisions = string.Join(',', kept) };
    }

    /// <summary>
    /// The status decided at or before <paramref name="cutoff"/>; null when nothing was decided by then (the entry
    /// stood as it was taken: a message pending or approved unmoderated, a sign-up pending). A row without a history
    /// reads its status when it was decided by the cutoff (or with no time: decided before any), as before histories.
    /// </summary>
    public static EntryStatus? StatusAt(EntryRecord entry, DateTimeOffset cutoff)
    {
        if (entry.Decisions is null) return entry.DecidedAt is not { } decided || decided <= cutoff ? entry.Status : null;
        EntryStatus? status = null;
        foreach (var (decidedAs, at) in Read(entry))
        {
            if (at > cutoff) break;
            status = decidedAs;
        }
        return status;
    }

    private static IEnumerable<(EntryStatus Status, DateTimeOffset At)> Read(EntryRecord entry)
    {
        if (string.IsNullOrEmpty(entry.Decisions)) yield break;
        foreach (var part in entry.Decisions.Split(','))
        {
            var index = part.Length < 3 || part[1] != '@' ? -1 : Array.FindIndex(Letters, l => l.Letter == part[0]);
            // An unreadable part is skipped rather than failing a draw.
            if (index >= 0 && long.TryParse(part.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
                yield return (Letters[index].Status, DateTimeOffset.FromUnixTimeMilliseconds(ms));
        }
    }

    private static char LetterOf(EntryStatus status) => Array.Find(Letters, l => l.Status == status).Letter;
}

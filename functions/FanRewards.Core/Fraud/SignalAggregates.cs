using System.Text.Json.Serialization;

namespace FanRewards.Core.Fraud;

/// <summary>What an aggregate row tallies: new entrants per network and minute, likes per candidate, network and minute, or texts per MinHash band.</summary>
public enum SignalKind
{
    [JsonStringEnumMemberName("net")] Network,
    [JsonStringEnumMemberName("like")] Like,
    [JsonStringEnumMemberName("text")] Text,
}

/// <summary>One entry folded into an aggregate row: who (pseudonym and id, both erased by retention), when, and a text's normal form.</summary>
public sealed record SignalItem(string Pseudonym, string EntrantId, DateTimeOffset At, string? Text = null);

/// <summary>
/// What a flush adds to one aggregate row (<see cref="Kind"/>, <see cref="Subject"/>, <see cref="Minute"/>; texts have no
/// minute): the items folded since the last flush, and the count from which the row makes its subject "hot" (read by
/// the review).
/// </summary>
public sealed record SignalCount(SignalKind Kind, string Subject, DateTimeOffset? Minute, IReadOnlyList<SignalItem> Items, int HotAt);

/// <summary>
/// An aggregate row as stored: its count (the items it holds plus those that no longer fit) and its bounded item list.
/// </summary>
public sealed record SignalRow(SignalKind Kind, string Subject, DateTimeOffset? Minute, int Count, IReadOnlyList<SignalItem> Items)
{
    /// <summary>Items a row lists; a row holding texts lists fewer, so it stays under a table property's size.</summary>
    public const int MaxItems = 100;
    public const int MaxTextItems = 40;
    /// <summary>Characters of a normal text kept for comparing (texts are compared by their first this many).</summary>
    public const int MaxTextLength = 500;

    public int Overflow => Count - Items.Count;

    /// <summary>
    /// The row with the new items added. Items are told apart by pseudonym (by pseudonym and time for likes, where one
    /// entrant may like again another day), earliest kept, so a flush that is redone adds no item twice; items past the
    /// row's limit are only counted.
    /// </summary>
    public static SignalRow Merge(SignalRow? stored, SignalCount added)
    {
        var items = new List<SignalItem>(stored?.Items ?? []);
        var overflow = stored?.Overflow ?? 0;
        var max = added.Kind == SignalKind.Text ? MaxTextItems : MaxItems;
        foreach (var item in added.Items)
        {
            var same = items.FindIndex(i => i.Pseudonym == item.Pseudonym && (added.Kind != SignalKind.Like || i.At == item.At));
            if (same >= 0 && item.At < items[same].At) items[same] = item;
            if (same >= 0) continue;
            if (items.Count < max) items.Add(item);
            else overflow++;
        }
        return new SignalRow(added.Kind, added.Subject, added.Minute, items.Count + overflow, items);
    }
}

/// <summary>An entrant who answered a riddle set faster than a person reads: decided when the answer came (the progress is in hand).</summary>
public sealed record FastRiddler(string ActivityId, string Pseudonym, string EntrantId, DateTimeOffset First, IReadOnlyList<DateTimeOffset> Times);

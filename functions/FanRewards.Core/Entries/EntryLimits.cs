namespace FanRewards.Core.Entries;

public sealed record EntryPolicy
{
    /// <summary>Words a message or reflection may not contain (from configuration, matched case-insensitively).</summary>
    public IReadOnlyList<string> SensitiveWords { get; init; } = [];
    public long MaxCheckinValue { get; init; } = 1_000_000_000;
}

namespace FanRewards.Core.Entries;

/// <summary>
/// What the request says about the device an entrant came from, before hashing: the client's network (an address
/// prefix, <see cref="NetworkPrefix"/>) and its user-agent family (<see cref="UserAgentFamily"/>). Never stored as such:
/// an entry keeps only keyed hashes of them (<see cref="EntrySignals"/>).
/// </summary>
public sealed record ClientTraits(string? Network, string? AgentFamily)
{
    public static ClientTraits None { get; } = new(null, null);
}

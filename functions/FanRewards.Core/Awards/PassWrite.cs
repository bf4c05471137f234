namespace FanRewards.Core.Awards;

/// <summary>How a prize pass's transaction ended (see <see cref="IAwardStore.TryPassOnAsync"/>).</summary>
public enum PassWrite
{
    /// <summary>Committed: the award ended and the prize is with its new holder (or with nobody, no alternate left).</summary>
    Written,

    /// <summary>Someone changed the award first (or wrote the same alternate's award): read again and decide again.</summary>
    Changed,

    /// <summary>The new holder's one-win marker names another award: they won elsewhere first, the prize goes on past them.</summary>
    HolderWonElsewhere,
}

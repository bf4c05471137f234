namespace FanRewards.Core;

/// <summary>
/// An entrant id as a role that does not work with it reads it (the auditor above all): "ab***yz", the first and last two
/// characters of a longer id, stars for the rest; erased ids stay empty. The same rule as the fraud review's masked entrants.
/// </summary>
public static class EntrantIdMask
{
    public static string Of(string id) => id.Length switch
    {
        0 => "",
        <= 4 => new string('*', id.Length),
        _ => id[..2] + "***" + id[^2..],
    };
}

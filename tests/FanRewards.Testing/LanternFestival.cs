namespace FanRewards.Testing;

/// <summary>
/// The timeline a <see cref="TestCampaign"/> has unless a test moves it: the Lantern Festival 2027 in Shanghai (UTC+8 all
/// year, no daylight saving). Entries 2027-02-12 08:00 → 2027-02-20 18:00 local, a draw at 20:00 on the festival,
/// claims until 2027-03-20 18:00.
/// </summary>
public static class LanternFestival
{
    public static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>Well before the campaign opens: 2027-02-01 08:00 Shanghai. A campaign is published then unless told otherwise.</summary>
    public static readonly DateTimeOffset BeforeAll = new(2027, 2, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>2027-02-12T08:00:00+08:00.</summary>
    public static readonly DateTimeOffset Opens = new(2027, 2, 12, 0, 0, 0, TimeSpan.Zero);

    /// <summary>2027-02-20T18:00:00+08:00.</summary>
    public static readonly DateTimeOffset Closes = new(2027, 2, 20, 10, 0, 0, TimeSpan.Zero);

    /// <summary>2027-02-20T20:00:00+08:00, the evening of the festival.</summary>
    public static readonly DateTimeOffset DrawAt = new(2027, 2, 20, 12, 0, 0, TimeSpan.Zero);

    /// <summary>2027-03-20T18:00:00+08:00.</summary>
    public static readonly DateTimeOffset ClaimDeadline = new(2027, 3, 20, 10, 0, 0, TimeSpan.Zero);
}

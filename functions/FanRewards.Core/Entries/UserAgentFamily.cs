namespace FanRewards.Core.Entries;

/// <summary>
/// A user agent reduced to its family: the browser or app and the platform, e.g. "WeChat/Android" or "Safari/iOS".
/// Coarse on purpose: versions and device models would make every phone its own family, and the signal is only
/// "these accounts all came from the same kind of client". A few substring rules are enough for that; no parser package.
/// </summary>
public static class UserAgentFamily
{
    private const string Unknown = "other";

    // Order matters: in-app browsers and Edge/Opera carry "Chrome" and "Safari" too.
    private static readonly (string Token, string Family)[] Browsers =
    [
        ("MicroMessenger", "WeChat"), ("AlipayClient", "Alipay"), ("DingTalk", "DingTalk"), ("QQ/", "QQ"),
        ("Weibo", "Weibo"), ("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("HeadlessChrome", "HeadlessChrome"),
        ("Chrome/", "Chrome"), ("CriOS", "Chrome"), ("Safari/", "Safari"),
        ("curl/", "curl"), ("python", "Python"), ("okhttp", "OkHttp"), ("Go-http-client", "Go"), ("node", "Node"),
    ];

    private static readonly (string Token, string Platform)[] Platforms =
    [
        ("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iOS"), ("HarmonyOS", "HarmonyOS"), ("Windows", "Windows"),
        ("Mac OS X", "macOS"), ("Macintosh", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux"),
    ];

    /// <summary>"Family/Platform"; null for no user agent at all.</summary>
    public static string? Of(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent)) return null;
        var browser = Browsers.FirstOrDefault(b => userAgent.Contains(b.Token, StringComparison.OrdinalIgnoreCase)).Family ?? Unknown;
        var platform = Platforms.FirstOrDefault(p => userAgent.Contains(p.Token, StringComparison.Ordinal)).Platform ?? Unknown;
        return $"{browser}/{platform}";
    }
}

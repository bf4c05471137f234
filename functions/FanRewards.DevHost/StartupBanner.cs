using FanRewards.DevHost.Http;
using Microsoft.Azure.Functions.Worker;

namespace FanRewards.DevHost;

/// <summary>
/// What a developer needs to start calling the functions, printed once the host listens: only what opens something. The
/// function key is printed only when a route takes it (the Function App has none since admin routes take admin tokens).
/// </summary>
internal static partial class StartupBanner
{
    public static void Print(
        ILogger logger, Uri baseAddress, string functionKey, string storage, IReadOnlyList<HttpFunction> functions, bool adminDevTokens)
    {
        var curlExample = CurlExample(baseAddress, functionKey, functions);
        if (functions.Any(f => f.AuthorizationLevel != AuthorizationLevel.Anonymous))
        {
            LogBanner(logger, baseAddress, functionKey, storage, curlExample);
        }
        else
        {
            LogBannerWithoutKey(logger, baseAddress, storage, curlExample);
        }

        if (adminDevTokens)
        {
            LogAdminSignIn(logger, new Uri(baseAddress, "admin/"), AdminTokenCurl(baseAddress), new Uri(baseAddress, "api/manage/me"));
        }
    }

    /// <summary>Mints a dev admin token as printed (one name is one person; pick the roles to try).</summary>
    public static string AdminTokenCurl(Uri baseAddress) =>
        $"curl -s -X POST {new Uri(baseAddress, "api/dev/admin-tokens")} -H 'Content-Type: application/json' "
        + """-d '{"name":"王主任","roles":["campaign-editor","publisher"]}'""";

    /// <summary>A call that works as printed: a GET function without route parameters, with the key if it needs one.</summary>
    private static string CurlExample(Uri baseAddress, string functionKey, IReadOnlyList<HttpFunction> functions)
    {
        var callable = functions
            .Where(f => !f.RoutePattern.Contains('{') && (f.Methods.Count == 0 || f.Methods.Contains("GET")))
            .OrderBy(f => f.AuthorizationLevel != AuthorizationLevel.Anonymous)
            .FirstOrDefault();
        if (callable is null)
        {
            return $"curl -i {baseAddress}";
        }

        var url = new Uri(baseAddress, callable.RoutePattern);
        return callable.AuthorizationLevel == AuthorizationLevel.Anonymous
            ? $"curl -i {url}"
            : $"curl -i -H '{FunctionKeyCheck.HeaderName}: {functionKey}' {url}";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = """
        FanRewards DevHost is listening.
              URL:          {BaseAddress}
              Function key: {FunctionKey}  (header x-functions-key or query ?code=)
              Storage:      {Storage}
              Try:          {CurlExample}
        """)]
    private static partial void LogBanner(
        ILogger logger, Uri baseAddress, string functionKey, string storage, string curlExample);

    [LoggerMessage(Level = LogLevel.Information, Message = """
        FanRewards DevHost is listening.
              URL:          {BaseAddress}
              Storage:      {Storage}
              Try:          {CurlExample}
        """)]
    private static partial void LogBannerWithoutKey(ILogger logger, Uri baseAddress, string storage, string curlExample);

    [LoggerMessage(Level = LogLevel.Information, Message = """
        Admin sign-in (the admin API takes a bearer token only; this DevHost mints them from its local issuer):
              Console:      {ConsoleUrl}  (dev sign-in: a name and the roles to act with)
              Admin token:  {TokenCurl}
              Then:         curl -H 'Authorization: Bearer <token>' {MeUrl}
        """)]
    private static partial void LogAdminSignIn(ILogger logger, Uri consoleUrl, string tokenCurl, Uri meUrl);
}

using FanRewards.DevHost.Http;
using Microsoft.Azure.Functions.Worker;

namespace FanRewards.DevHost;

/// <summary>What a developer needs to start calling the functions, printed once the host listens.</summary>
internal static partial class StartupBanner
{
    public static void Print(
        ILogger logger, Uri baseAddress, string functionKey, string storage, IEnumerable<HttpFunction> functions)
    {
        LogBanner(logger, baseAddress, functionKey, storage, CurlExample(baseAddress, functionKey, functions));
    }

    /// <summary>A call that works as printed: a GET function without route parameters, with the key if it needs one.</summary>
    private static string CurlExample(Uri baseAddress, string functionKey, IEnumerable<HttpFunction> functions)
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
}

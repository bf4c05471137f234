using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace FanRewards.DevHost.Web;

/// <summary>
/// Serves the static web front ends (<c>&lt;repo&gt;/web</c>: <c>entrant/</c>, …) at <c>/</c>, the way a static site
/// host would. Endpoints win: a request that matches an HTTP function (<c>/api/…</c>) never reaches these files.
/// </summary>
internal static partial class WebPages
{
    /// <summary>Where <c>/</c> goes: the entrant page.</summary>
    public const string HomePath = "/entrant/";

    /// <summary>Serves <paramref name="directory"/> when it exists; returns whether it does.</summary>
    public static bool UseWebPages(this WebApplication application, string directory, ILogger logger)
    {
        if (!Directory.Exists(directory))
        {
            LogNoWebDirectory(logger, directory);
            return false;
        }

        var files = new PhysicalFileProvider(Path.GetFullPath(directory));
        application.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        application.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            // Local development: an edited page shows on the next reload.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
        application.MapGet("/", () => Results.Redirect(HomePath)).ExcludeFromDescription();
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No web pages served: {Directory} does not exist.")]
    private static partial void LogNoWebDirectory(ILogger logger, string directory);

    /// <summary>Where the admin console is (it asks for the function key printed above).</summary>
    public const string AdminPath = "/admin/";

    [LoggerMessage(Level = LogLevel.Information, Message = "Entrant page: {EntrantUrl}   Admin console: {AdminUrl} (type the function key)")]
    public static partial void LogPages(ILogger logger, Uri entrantUrl, Uri adminUrl);
}

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
        MapMsalBundle(application, directory);
        application.MapReferenceBundle(directory);
        return true;
    }

    /// <summary>Where the admin console loads MSAL.js from: its own origin, as web/publish.mjs copies it there.</summary>
    public const string MsalBundlePath = "/admin/vendor/msal-browser.min.js";

    /// <summary>
    /// Serves the pinned <c>@azure/msal-browser</c> browser bundle from the repository's <c>node_modules</c> (beside
    /// <c>web/</c>) at <see cref="MsalBundlePath"/>, so the console never loads it from a CDN; 404 when npm has not
    /// installed it.
    /// </summary>
    private static void MapMsalBundle(WebApplication application, string webDirectory)
    {
        var bundle = Path.GetFullPath(Path.Combine(webDirectory, "..", "node_modules", "@azure", "msal-browser", "lib", "msal-browser.min.js"));
        application.MapGet(MsalBundlePath, () => File.Exists(bundle)
            ? Results.File(bundle, "text/javascript; charset=utf-8")
            : Results.NotFound()).ExcludeFromDescription();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No web pages served: {Directory} does not exist.")]
    private static partial void LogNoWebDirectory(ILogger logger, string directory);

    /// <summary>Where the API reference is: Scalar's page over <c>/api/openapi.json</c>.</summary>
    public const string DocsPath = "/docs/";

    /// <summary>Where the reference page loads Scalar from (web/publish.mjs copies the same file there).</summary>
    public const string ReferenceBundlePath = "/docs/vendor/scalar-api-reference.js";

    /// <summary>Scalar's single-file build, installed from package.json beside <c>web/</c>.</summary>
    private const string ReferenceBundle = "../node_modules/@scalar/api-reference/dist/browser/standalone.js";

    /// <summary>Serves the pinned Scalar bundle from node_modules, so the page needs no CDN and no copy in the repository.</summary>
    private static void MapReferenceBundle(this WebApplication application, string webDirectory)
    {
        var bundle = Path.GetFullPath(Path.Combine(webDirectory, ReferenceBundle));
        application.MapGet(ReferenceBundlePath, () => File.Exists(bundle)
            ? Results.File(bundle, "text/javascript; charset=utf-8")
            : Results.Problem("Run npm ci: @scalar/api-reference is not installed.", statusCode: StatusCodes.Status404NotFound))
            .ExcludeFromDescription();
    }

    /// <summary>Where the admin console is (dev sign-in: a name and roles).</summary>
    public const string AdminPath = "/admin/";

    [LoggerMessage(Level = LogLevel.Information, Message = "Entrant page: {EntrantUrl}   Admin console: {AdminUrl} (dev sign-in: a name and roles)")]
    public static partial void LogPages(ILogger logger, Uri entrantUrl, Uri adminUrl);
}

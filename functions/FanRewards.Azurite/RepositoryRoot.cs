namespace FanRewards.Azurite;

/// <summary>
/// The folder that holds the project's <c>package.json</c>: where the pinned Azurite is installed and where
/// the DevHost keeps its local data and finds the seeds.
/// </summary>
public static class RepositoryRoot
{
    /// <summary>Walks up from each start folder in turn and returns the first folder with a <c>package.json</c>.</summary>
    public static string Find(params IEnumerable<string?> startDirectories)
    {
        foreach (var start in startDirectories.OfType<string>())
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "package.json")))
                {
                    return folder.FullName;
                }
            }
        }

        throw new InvalidOperationException(
            "Cannot find the repository root (the folder with package.json that pins Azurite) above "
            + string.Join(" or ", startDirectories.OfType<string>()) + ".");
    }

    /// <summary>The usual start folders: the current directory, then where the running assembly lives.</summary>
    public static string Find() => Find(Directory.GetCurrentDirectory(), AppContext.BaseDirectory);
}

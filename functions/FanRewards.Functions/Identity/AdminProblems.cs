using FanRewards.Core;

namespace FanRewards.Functions.Identity;

/// <summary>The ways the admin gate refuses (docs/PROBLEMS.md).</summary>
public static class AdminProblems
{
    public const string UnauthorizedType = Problem.TypePrefix + "admin-unauthorized";
    public const string ForbiddenType = Problem.TypePrefix + "admin-forbidden";

    public static ProblemException Unauthorized(string detail) =>
        new(new Problem(UnauthorizedType, 401, "An admin token is required.", detail));

    /// <summary>Names the roles any one of which would do, in the detail and as <c>requiredRoles</c>.</summary>
    public static ProblemException Forbidden(IReadOnlyList<string> requiredRoles) =>
        new(new Problem(ForbiddenType, 403, "A role is missing.",
            $"This needs one of the roles: {string.Join(", ", requiredRoles)}.",
            Extensions: new Dictionary<string, object?> { ["requiredRoles"] = requiredRoles }));

    /// <summary>
    /// The authority's metadata or keys cannot be read: not the caller's fault. Retry-After is the least time before the
    /// metadata is read again (<see cref="AdminTokenOptions.KeyRefreshInterval"/>, 60 s by default): sooner changes nothing.
    /// </summary>
    public static ProblemException AuthorityUnavailable(TimeSpan metadataRefresh) =>
        new(new Problem(Problem.TypePrefix + "admin-authority-unavailable", 503, "The identity platform cannot be reached.",
            "The admin token could not be checked now; try again shortly.",
            Extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = Math.Max(1, (int)Math.Ceiling(metadataRefresh.TotalSeconds)) }));
}

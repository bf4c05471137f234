using FanRewards.Core;

namespace FanRewards.Functions.Identity;

/// <summary>The two ways the admin gate refuses (docs/PROBLEMS.md).</summary>
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
}

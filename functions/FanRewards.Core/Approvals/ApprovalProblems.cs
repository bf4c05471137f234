namespace FanRewards.Core.Approvals;

/// <summary>The problems of four eyes (docs/PROBLEMS.md).</summary>
public static class ApprovalProblems
{
    public static Problem SamePerson() => new(Problem.TypePrefix + "four-eyes", 403, "Someone else must approve this.",
        "Four eyes: the person who asked for this cannot also approve it. Ask another admin with the role to approve.");

    public static Problem AlreadyDecided(Approval approval) => new(Problem.TypePrefix + "approval-decided", 409,
        "This approval is decided already.",
        $"Approval '{approval.Id}' is {approval.Status}" + (approval.DecidedBy is { } by ? $" by {by.Name}." : "."),
        Extensions: new Dictionary<string, object?> { ["status"] = approval.Status });

    public static Problem MissingRole(string role) => new(Problem.TypePrefix + "admin-forbidden", 403, "A role is missing.",
        $"This needs one of the roles: {role}.", Extensions: new Dictionary<string, object?> { ["requiredRoles"] = new[] { role } });
}

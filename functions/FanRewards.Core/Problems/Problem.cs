namespace FanRewards.Core;

/// <summary>
/// A client-facing failure with a stable <see cref="Type"/> per kind of problem (documented in docs/PROBLEMS.md),
/// rendered as application/problem+json (RFC 9457). <see cref="ErrorCodes"/>, when present, parallels <see cref="Errors"/>
/// path by path and message by message, for clients that word the messages in their own language.
/// </summary>
public sealed record Problem(
    string Type,
    int Status,
    string Title,
    string? Detail = null,
    IReadOnlyDictionary<string, string[]>? Errors = null,
    IReadOnlyDictionary<string, object?>? Extensions = null,
    IReadOnlyDictionary<string, ValidationErrorCode[]>? ErrorCodes = null)
{
    public const string TypePrefix = "urn:fanrewards:problem:";

    public static Problem InvalidJson(string detail) =>
        new(TypePrefix + "invalid-json", 400, "The request body is not valid JSON of the expected shape.", detail);

    public static Problem BodyTooLarge(long limitBytes) =>
        new(TypePrefix + "body-too-large", 413, "The request body is too large.", $"The limit is {limitBytes} bytes.");

    public static Problem UnsupportedMediaType(string? contentType) =>
        new(TypePrefix + "unsupported-media-type", 415, "The request body must be application/json.",
            $"Content-Type was '{contentType ?? "(none)"}'.");

    public static Problem InvalidId(string name, string? value, string rule = Ids.Rule) =>
        new(TypePrefix + "invalid-id", 400, "An id is malformed.",
            $"'{name}' must be {rule}.", new Dictionary<string, string[]> { [name] = [$"Must be {rule}."] });

    /// <summary>A one-off check outside <see cref="ValidationErrors"/>: English messages only, no <see cref="ErrorCodes"/>.</summary>
    public static Problem Validation(IReadOnlyDictionary<string, string[]> errors, string? detail = null) =>
        new(TypePrefix + "validation", 422, "The request has invalid or missing fields.",
            detail ?? "See 'errors' for every problem found.", errors);

    public static Problem Validation(ValidationErrors errors, string? detail = null) =>
        Validation(errors.ToDictionary(), detail) with { ErrorCodes = errors.ToCodeDictionary() };

    public static Problem PublishBlocked(ValidationErrors errors) =>
        new(TypePrefix + "publish-blocked", 422, "The campaign cannot be published yet.",
            "A prize promotion must disclose everything below before it starts; 'errors' lists every problem found.",
            errors.ToDictionary(), ErrorCodes: errors.ToCodeDictionary());

    public static Problem NotFound(string what, string id) =>
        new(TypePrefix + "not-found", 404, $"No such {what}.", $"There is no {what} '{id}'.");

    public static Problem AlreadyExists(string what, string id) =>
        new(TypePrefix + "already-exists", 409, $"That {what} already exists.", $"A {what} '{id}' already exists.");

    public static Problem InvalidState(string detail, IReadOnlyDictionary<string, object?>? extensions = null) =>
        new(TypePrefix + "invalid-state", 409, "The campaign is not in a state that allows this.", detail, Extensions: extensions);

    public static Problem PreconditionRequired() =>
        new(TypePrefix + "precondition-required", 428, "This change needs an If-Match header.",
            "Send the ETag you last read in If-Match, so that a concurrent edit is not overwritten.");

    public static Problem PreconditionFailed() =>
        new(TypePrefix + "precondition-failed", 412, "The campaign was changed by someone else.",
            "The If-Match ETag is stale; read the campaign again and reapply your change.");
}

/// <summary>Thrown by application services for an expected, client-caused failure; triggers turn it into a 4xx.</summary>
public sealed class ProblemException(Problem problem) : Exception(problem.Detail ?? problem.Title)
{
    public Problem Problem { get; } = problem;
}

public static class EntryProblems
{
    public static Problem Unauthorized(string detail) =>
        new(Problem.TypePrefix + "unauthorized", 401, "Sign in first.", detail);

    public static Problem MembersOnly() =>
        new(Problem.TypePrefix + "members-only", 403, "This campaign is for union members.",
            "Your account is not marked as a verified union member.");

    /// <summary>An entrant disqualified from the campaign enters, answers and likes no more in it.</summary>
    public static Problem Disqualified() =>
        new(Problem.TypePrefix + "entrant-disqualified", 403, "You have been disqualified from this campaign.",
            "A moderator disqualified this account under the campaign's rules; it can no longer enter or like in this campaign.");

    public static Problem NotOpen(string status, string? opensAt, string? closesAt) =>
        new(Problem.TypePrefix + "campaign-not-open", 409, "The campaign is not open for entries.",
            status == "published" ? $"Entries open at {opensAt}." : $"Entries closed at {closesAt}.",
            Extensions: new Dictionary<string, object?> { ["campaignStatus"] = status, ["opensAt"] = opensAt, ["closesAt"] = closesAt });

    public static Problem WrongActivity(string activityId, string expected) =>
        new(Problem.TypePrefix + "wrong-activity", 409, "That activity does not take this kind of entry.",
            $"Activity '{activityId}' is not a {expected} activity.");

    public static Problem AttemptsExhausted(string riddleId) =>
        new(Problem.TypePrefix + "attempts-exhausted", 409, "No attempts left for this riddle.",
            $"Every attempt at riddle '{riddleId}' has been used.",
            Extensions: new Dictionary<string, object?> { ["correct"] = false, ["attemptsLeft"] = 0 });

    public static Problem Busy() =>
        new(Problem.TypePrefix + "busy", 409, "Too many changes to your entry at once.",
            "Your other requests for this entry are still being applied; try again.");

    public static Problem RateLimited(TimeSpan retryAfter, string scope) =>
        new(Problem.TypePrefix + "rate-limited", 429, "Too many requests.",
            $"Slow down: the {scope} limit was reached. Retry after {Math.Ceiling(retryAfter.TotalSeconds)} s.",
            Extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = (int)Math.Ceiling(retryAfter.TotalSeconds) });
}

public static class MoreEntryProblems
{
    public static Problem AlreadyEntered(string activityId, IReadOnlyDictionary<string, object?>? standing = null) =>
        new(Problem.TypePrefix + "already-entered", 409, "You have already taken part in this activity.",
            $"Activity '{activityId}' takes one entry per person{(standing?.ContainsKey("day") == true ? " per day" : "")}.",
            Extensions: standing);

    public static Problem SensitiveContent(string word) =>
        new(Problem.TypePrefix + "sensitive-content", 422, "The text contains a word that is not allowed.",
            $"Please remove '{word}' and send again.",
            new Dictionary<string, string[]> { ["text"] = ["Contains a word that is not allowed."] });
}

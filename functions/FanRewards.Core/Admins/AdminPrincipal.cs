namespace FanRewards.Core.Admins;

/// <summary>
/// The signed-in person (or automation's app registration) behind an admin request, from a validated token:
/// <paramref name="Id"/> is the stable object id ("oid"), <paramref name="Name"/> the display name, both recorded in
/// the audit; <paramref name="Roles"/> are the app roles the token carries.
/// </summary>
public sealed record AdminPrincipal(string Id, string Name, IReadOnlySet<string> Roles)
{
    public bool Has(string role) => Roles.Contains(role);

    /// <summary>True when two requests come from the same person: by object id, never by display name.</summary>
    public bool IsSamePersonAs(AdminPrincipal other) => string.Equals(Id, other.Id, StringComparison.Ordinal);

    /// <summary>
    /// The person as part of an audit row key (hex, whatever the id holds): a retry by them rewrites their row, while
    /// the same act by someone else at the same stored time gets a row of its own instead of replacing theirs.
    /// </summary>
    public string AuditKey =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Id)))[..16];
}

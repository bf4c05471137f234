namespace FanRewards.Core.Admins;

/// <summary>
/// A person as records and views name them: the stable id and the display name at the time. Audit rows written before
/// admins signed in as themselves carry a name only (<paramref name="Id"/> null).
/// </summary>
public sealed record AdminRef(string? Id, string Name)
{
    public static AdminRef Of(AdminPrincipal admin) => new(admin.Id, admin.Name);
}

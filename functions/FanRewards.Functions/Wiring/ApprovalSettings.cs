namespace FanRewards.Functions.Wiring;

/// <summary>Settings of four eyes, section "Approvals" (AppSettingNames.AlwaysFourEyes).</summary>
public sealed class ApprovalSettings
{
    public const string Section = "Approvals";

    /// <summary>
    /// Four eyes for every campaign of the tenant: a campaign cannot switch it off (one person holding both editor and
    /// publisher could otherwise publish alone). Off by default, where each campaign's <c>fourEyes</c> decides; infra sets it on.
    /// </summary>
    public bool AlwaysFourEyes { get; set; }
}

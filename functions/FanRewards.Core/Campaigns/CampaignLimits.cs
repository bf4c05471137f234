namespace FanRewards.Core.Campaigns;

/// <summary>
/// Size limits for what admins write. They keep a campaign's settings inside one table property (64 KiB) and its
/// public page small enough to serve from a cache to millions of phones.
/// </summary>
public static class CampaignLimits
{
    public const int Title = 100;
    public const int Summary = 2000;
    public const int RuleText = 4000;
    public const int OrganiserName = 100;
    public const int OrganiserContact = 200;
    public const int Activities = 20;
    public const int Draws = 400;
    public const int Alternates = 10_000;
    public const int DrawName = 40;
    public const int Witnesses = 5;
    public const int SignupFields = 10;
    public const int SignupOptions = 20;
    public const int ShortText = 100;
    public const int Riddles = 1000;
    public const int RiddleQuestion = 500;
    public const int RiddleHint = 50;
    public const int RiddleAnswers = 20;
    public const int Candidates = 1000;
    public const int Description = 500;
    public const int Prizes = 50;
    public const int PrizeCount = 10_000_000;
    public const int MessageLength = 5000;
    public const int Seats = 1_000_000;
    public const int AttemptLimit = 20;
    public const long DailyCap = 1_000_000_000;
    public const decimal DefaultPrizeValueCapYuan = 50_000m;
}

/// <summary>Settings from configuration that publishing checks against.</summary>
public sealed record PublishPolicy
{
    /// <summary>The legal cap for one prize in a lottery-style promotion (50,000 yuan in China).</summary>
    public decimal PrizeValueCapYuan { get; init; } = CampaignLimits.DefaultPrizeValueCapYuan;

    /// <summary>
    /// Four eyes for every campaign of the tenant (Approvals:AlwaysFourEyes): a campaign's <c>fourEyes: false</c> is refused
    /// when saved, and one saved before the setting was turned on is treated as on. Off by default: the campaign decides.
    /// </summary>
    public bool AlwaysFourEyes { get; init; }
}

namespace FanRewards.DevHost;

/// <summary>The <c>DevHost</c> configuration section (environment variables <c>DevHost__Name</c>).</summary>
internal sealed class DevHostSettings
{
    public const string SectionName = "DevHost";

    /// <summary>The key for non-anonymous functions; a random one is made for each run when unset.</summary>
    public string? FunctionKey { get; set; }

    /// <summary>Azurite's data folder; <c>&lt;repo&gt;/.devhost/azurite</c> when unset.</summary>
    public string? AzuriteLocation { get; set; }

    /// <summary>The demo campaigns loaded into an empty store; <c>&lt;repo&gt;/seeds</c> when unset.</summary>
    public string? SeedsDirectory { get; set; }

    public bool LoadSeeds { get; set; } = true;

    /// <summary>
    /// Whether <c>POST /api/dev/tokens</c> mints entrant tokens for any id. On in the DevHost, whatever the environment
    /// name; the Function App has no such setting and never mints them.
    /// </summary>
    public bool EntrantDevTokens { get; set; } = true;

    /// <summary>
    /// The dev tokens' signing key (base64, 32 bytes or more), so that tokens survive a restart; a random key per run
    /// when unset. Never one of <c>Entrants:HmacKeys</c> (the start stops if it is).
    /// </summary>
    public string? EntrantDevTokenKey { get; set; }

    /// <summary>
    /// Whether <c>/api/dev/admin-tokens</c> mints admin tokens from the DevHost's local issuer (fanrewards-dev-admin), so
    /// the console works offline. On in the DevHost; the Function App never has the key and answers 404.
    /// </summary>
    public bool AdminDevTokens { get; set; } = true;

    /// <summary>The dev admin tokens' signing key (base64, 32 bytes or more), so that sign-ins survive a restart; random per run when unset.</summary>
    public string? AdminDevTokenKey { get; set; }

    /// <summary>The static web front ends served at <c>/</c>; <c>&lt;repo&gt;/web</c> when unset.</summary>
    public string? WebDirectory { get; set; }
}

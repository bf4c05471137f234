using System.Globalization;
using FanRewards.Core.Draws;

namespace FanRewards.Verifier;

/// <summary>
/// The command line: <c>verify --base-url URL --campaign C --draw D [--entrant ID]</c> or
/// <c>verify --proof proof.json --entries entries.json [--entrant ID]</c>. Exit codes: 0 MATCH, 1 MISMATCH, 2 usage,
/// network or unreadable input (including a proof whose seed is not revealed yet).
/// </summary>
public static class VerifierCommand
{
    public const int Match = 0;
    public const int Mismatch = 1;
    public const int Error = 2;
    public const string DefaultBaseUrl = "http://127.0.0.1:7071";

    public const string Usage = """
        Usage:
          fanrewards-verify verify [--base-url URL] --campaign CAMPAIGN_ID --draw DRAW_ID [--entrant ENTRANT_ID]
          fanrewards-verify verify --proof proof.json --entries entries.json [--entrant ENTRANT_ID]
          fanrewards-verify witness new     (a witness's fresh secret and its commitment; hand over only the commitment)

        Recomputes a finished draw from its revealed seed and its entry set (docs/FAIRNESS.md) and compares it with
        the published proof. --base-url defaults to http://127.0.0.1:7071. entries.json is one entry page
        ({"entries":[...],"next":null}) or a JSON array of {"pseudonym","weight"}.
        Exit code: 0 MATCH, 1 MISMATCH, 2 usage, network or unreadable input.
        """;

    private static readonly HashSet<string> Options = ["--base-url", "--campaign", "--draw", "--entrant", "--proof", "--entries"];

    /// <param name="handler">Replaces the network in tests; null uses a plain <see cref="HttpClientHandler"/>.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, HttpMessageHandler? handler = null, CancellationToken cancellationToken = default)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            (args.Length == 0 ? error : output).WriteLine(Usage);
            return args.Length == 0 ? Error : Match;
        }
        if (args is ["witness", "new"])
        {
            // A witness makes their secret offline and hands over only its commitment; the secret is revealed after the seal.
            var secret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(FanRewards.Core.Fairness.DrawScoring.SeedLength);
            output.WriteLine($"secret:     {Convert.ToHexStringLower(secret)}");
            output.WriteLine($"commitment: {FanRewards.Core.Fairness.DrawScoring.Commitment(secret)}");
            output.WriteLine("Keep the secret to yourself until the draw is sealed; hand only the commitment to the organiser.");
            return Match;
        }
        if (args[0] != "verify") return Fail(error, $"Unknown command '{args[0]}'.");

        var options = new Dictionary<string, string>();
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] is "-h" or "--help") { output.WriteLine(Usage); return Match; }
            if (!Options.Contains(args[i])) return Fail(error, $"Unknown option '{args[i]}'.");
            if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal)) return Fail(error, $"{args[i]} needs a value.");
            if (!options.TryAdd(args[i], args[++i])) return Fail(error, $"{args[i - 1]} is given twice.");
        }
        options.TryGetValue("--entrant", out var entrantId);

        DrawProof proof;
        List<DrawEntry> entries;
        try
        {
            if (options.ContainsKey("--proof") || options.ContainsKey("--entries"))
            {
                if (!options.TryGetValue("--proof", out var proofPath) || !options.TryGetValue("--entries", out var entriesPath))
                    return Fail(error, "Offline verification needs both --proof and --entries.");
                if (options.Keys.Any(k => k is "--base-url" or "--campaign" or "--draw"))
                    return Fail(error, "--proof/--entries read files; --base-url, --campaign and --draw are for downloading.");
                proof = DrawFiles.ReadProof(proofPath);
                (entries, var next) = DrawFiles.ReadEntries(entriesPath);
                if (next is not null) error.WriteLine($"warning: {entriesPath} is one page with next='{next}'; the entry set is incomplete.");
            }
            else
            {
                if (!options.TryGetValue("--campaign", out var campaignId) || !options.TryGetValue("--draw", out var drawId))
                    return Fail(error, "Downloading needs --campaign and --draw (or --proof and --entries for files).");
                var baseUrl = options.GetValueOrDefault("--base-url", DefaultBaseUrl);
                if (!Uri.TryCreate(baseUrl.TrimEnd('/') + "/", UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
                    return Fail(error, $"--base-url '{baseUrl}' is not an http(s) URL.");

                using var http = new HttpClient(handler ?? new HttpClientHandler(), disposeHandler: handler is null) { BaseAddress = baseUri };
                var downloader = new DrawDownloader(http);
                proof = await downloader.GetProofAsync(campaignId, drawId, cancellationToken);
                if (proof.CampaignId != campaignId || proof.DrawId != drawId)
                    return Fail(error, $"Asked for {campaignId}/{drawId}, the proof is of {proof.CampaignId}/{proof.DrawId}.", usage: false);
                entries = await downloader.GetEntriesAsync(campaignId, drawId, cancellationToken);
            }
        }
        catch (DrawSourceException ex)
        {
            return Fail(error, ex.Message, usage: false);
        }

        output.WriteLine($"Draw {proof.CampaignId}/{proof.DrawId}: state {proof.State}, {entries.Count.ToString("N0", CultureInfo.InvariantCulture)} entries downloaded, " +
                         $"tiers {string.Join(", ", proof.Tiers.Select(t => $"{t.PrizeId}×{t.Count}"))}, {proof.Alternates} alternates");
        if (proof.Seed is null)
            return Fail(error, $"The seed of {proof.CampaignId}/{proof.DrawId} is not revealed yet (state {proof.State}): nothing to verify until the draw is over.", usage: false);

        var report = DrawVerifier.Verify(proof, entries, entrantId);
        Write(report, output);
        return report.Matches ? Match : Mismatch;
    }

    public static void Write(VerificationReport report, TextWriter output)
    {
        foreach (var check in report.Checks)
        {
            output.WriteLine($"{(check.Passed ? "✓" : "✗")} {check.Name}");
            output.WriteLine($"    {check.Detail}");
        }
        if (report.Entrant is { } e)
        {
            output.WriteLine($"Entrant {e.EntrantId}");
            output.WriteLine($"    pseudonym {e.Pseudonym}");
            if (!e.InEntrySet)
            {
                output.WriteLine("    not in the entry set");
            }
            else
            {
                output.WriteLine($"    in the entry set with weight {e.Weight}");
                if (e.Score is { } score) output.WriteLine($"    score {score.ToString("R", CultureInfo.InvariantCulture)}, place {e.Place} among all entries");
                output.WriteLine(e.Ranked is { } r
                    ? $"    published rank {r.Rank}: {(r.PrizeId is null ? "alternate" : "wins " + r.PrizeId)}"
                    : "    not within the published ranks (neither winner nor alternate)");
            }
        }
        output.WriteLine(report.Verdict);
    }

    private static int Fail(TextWriter error, string message, bool usage = true)
    {
        error.WriteLine(message);
        if (usage) error.WriteLine(Usage);
        return Error;
    }
}

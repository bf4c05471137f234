using System.Text.Json;
using FanRewards.Core;
using FanRewards.Core.Admins;
using FanRewards.Core.Campaigns;
using FanRewards.Core.Json;

namespace FanRewards.Functions.Seeding;

/// <summary>One file of seeds/: a campaign with its riddles, candidates and prizes.</summary>
public sealed record SeedFile
{
    public required CampaignDefinition Campaign { get; init; }
    public IReadOnlyList<RiddleDefinition> Riddles { get; init; } = [];
    public IReadOnlyList<CandidateDefinition> Candidates { get; init; } = [];
    public IReadOnlyList<PrizeDefinition> Prizes { get; init; } = [];
}

/// <summary>
/// Loads seed campaigns through the same service the admin API uses (create, fill, publish), so a seed that would
/// fail validation fails here, loudly, with every problem listed.
/// </summary>
public sealed class SeedLoader(CampaignAdminService campaigns)
{
    /// <summary>Who the audit names for a seeded campaign: the loader itself, no person (an id of its own, no roles).</summary>
    public static readonly AdminPrincipal Actor = new("seed", "seed", new HashSet<string>());

    public static IReadOnlyList<(string Path, SeedFile Seed)> ReadDirectory(string directory) =>
        Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).Select(path => (path, Read(path))).ToList();

    public static SeedFile Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<SeedFile>(File.ReadAllText(path), FanRewardsJson.Options)
                   ?? throw new InvalidDataException($"Seed '{path}' is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Seed '{path}' is not a valid seed file: {e.Message}", e);
        }
    }

    public async Task<StoredCampaign> LoadAsync(SeedFile seed, CancellationToken ct)
    {
        try
        {
            var created = await campaigns.CreateAsync(seed.Campaign, Actor, ct);
            var id = created.Campaign.Id;
            await campaigns.ReplaceRiddlesAsync(id, seed.Riddles, null, Actor, ct);
            await campaigns.ReplaceCandidatesAsync(id, seed.Candidates, null, Actor, ct);
            await campaigns.ReplacePrizesAsync(id, seed.Prizes, null, Actor, ct);
            return await campaigns.PublishAsync(id, null, Actor, ct);
        }
        catch (ProblemException e)
        {
            var details = e.Problem.Errors is null ? "" :
                ": " + string.Join("; ", e.Problem.Errors.Select(kv => $"{kv.Key}: {string.Join(" ", kv.Value)}"));
            throw new InvalidDataException($"Seed campaign '{seed.Campaign.Id}' was refused: {e.Problem.Title} {e.Problem.Detail}{details}", e);
        }
    }
}

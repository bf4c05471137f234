using System.Net.Http.Json;
using System.Text.Json;
using FanRewards.Core.Draws;

namespace FanRewards.Verifier;

/// <summary>
/// Reading of published JSON: camelCase, numbers as numbers. Unknown members are ignored, so that a verifier built today
/// still reads a proof that gained a field tomorrow; every member the check needs is required by the records.
/// </summary>
public static class VerifierJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
    };
}

/// <summary>A download or a file that could not be read: reported with exit code 2, never as a mismatch.</summary>
public sealed class DrawSourceException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Downloads a draw's proof and its whole entry set from the public API.</summary>
public sealed class DrawDownloader(HttpClient http)
{
    /// <summary>The largest page the entries endpoint serves.</summary>
    public const int PageSize = 1000;

    public async Task<DrawProof> GetProofAsync(string campaignId, string drawId, CancellationToken cancellationToken = default) =>
        await GetAsync<DrawProof>($"{DrawPath(campaignId, drawId)}/proof", cancellationToken);

    /// <summary>Follows <see cref="DrawEntryPage.Next"/> until it is null.</summary>
    public async Task<List<DrawEntry>> GetEntriesAsync(string campaignId, string drawId, CancellationToken cancellationToken = default)
    {
        var entries = new List<DrawEntry>();
        string? after = null;
        while (true)
        {
            var query = $"limit={PageSize}" + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}");
            var page = await GetAsync<DrawEntryPage>($"{DrawPath(campaignId, drawId)}/entries?{query}", cancellationToken);
            entries.AddRange(page.Entries ?? []);
            if (page.Next is null) return entries;
            // A cursor that does not move forward would loop for ever; the pages are sorted by pseudonym.
            if (after is not null && string.CompareOrdinal(page.Next, after) <= 0)
                throw new DrawSourceException($"The entries endpoint returned next='{page.Next}' after '{after}': the cursor does not advance.");
            after = page.Next;
        }
    }

    private static string DrawPath(string campaignId, string drawId) =>
        $"api/campaigns/{Uri.EscapeDataString(campaignId)}/draws/{Uri.EscapeDataString(drawId)}";

    private async Task<T> GetAsync<T>(string relative, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(relative, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new DrawSourceException($"GET {new Uri(http.BaseAddress!, relative)} failed: {ex.Message}", ex);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                throw new DrawSourceException($"GET {response.RequestMessage?.RequestUri ?? new Uri(http.BaseAddress!, relative)} answered {(int)response.StatusCode} {response.ReasonPhrase}: {Shorten(body)}");
            }
            try
            {
                return await response.Content.ReadFromJsonAsync<T>(VerifierJson.Options, cancellationToken)
                    ?? throw new DrawSourceException($"GET {relative} returned null.");
            }
            catch (JsonException ex)
            {
                throw new DrawSourceException($"GET {relative} returned JSON that is not a {typeof(T).Name}: {ex.Message}", ex);
            }
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}

/// <summary>A proof and an entry set saved to files, for verifying offline.</summary>
public static class DrawFiles
{
    public static DrawProof ReadProof(string path) => Read<DrawProof>(path);

    /// <summary>Either one <see cref="DrawEntryPage"/> (an object) or a JSON array of <see cref="DrawEntry"/>.</summary>
    public static (List<DrawEntry> Entries, string? Next) ReadEntries(string path)
    {
        using var document = Parse(path);
        try
        {
            return document.RootElement.ValueKind switch
            {
                JsonValueKind.Array => (document.RootElement.Deserialize<List<DrawEntry>>(VerifierJson.Options) ?? [], null),
                JsonValueKind.Object => document.RootElement.Deserialize<DrawEntryPage>(VerifierJson.Options) is { } page
                    ? ([.. page.Entries ?? []], page.Next)
                    : ([], null),
                _ => throw new DrawSourceException($"{path}: expected an entry page object or an array of entries."),
            };
        }
        catch (JsonException ex)
        {
            throw new DrawSourceException($"{path}: {ex.Message}", ex);
        }
    }

    private static T Read<T>(string path)
    {
        using var document = Parse(path);
        try
        {
            return document.RootElement.Deserialize<T>(VerifierJson.Options) ?? throw new DrawSourceException($"{path}: null.");
        }
        catch (JsonException ex)
        {
            throw new DrawSourceException($"{path}: not a {typeof(T).Name}: {ex.Message}", ex);
        }
    }

    private static JsonDocument Parse(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonDocument.Parse(stream);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new DrawSourceException($"{path}: {ex.Message}", ex);
        }
    }
}

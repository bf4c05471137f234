namespace FanRewards.Functions.OpenApi;

/// <summary>
/// The OpenAPI 3.1 description of every HTTP function, kept by hand in <c>OpenApi/openapi.json</c> and shipped inside
/// this assembly: tests hold it to the functions (routes, methods, security) and to the real responses.
/// </summary>
public static class OpenApiDocument
{
    /// <summary>The name the document is embedded under (see the project file).</summary>
    public const string ResourceName = "FanRewards.Functions.OpenApi.openapi.json";

    private static readonly Lazy<byte[]> Bytes = new(() =>
    {
        using var stream = typeof(OpenApiDocument).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"The OpenAPI document is not embedded as {ResourceName}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    /// <summary>The document as UTF-8 JSON, exactly as kept in the repository.</summary>
    public static ReadOnlyMemory<byte> Utf8 => Bytes.Value;
}

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FanRewards.Core.Json;

public static class FanRewardsJson
{
    /// <summary>
    /// Strict reading of client bodies: unknown members and numbers for enums are errors, so that a typo in a field
    /// name is reported instead of silently ignored.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            AllowTrailingCommas = false,
            NumberHandling = JsonNumberHandling.Strict,
            ReadCommentHandling = JsonCommentHandling.Disallow,
            MaxDepth = 32,
            // Text as text: Chinese, '+' in a time's offset, an apostrophe in a message are written as they are; only what
            // JSON itself requires (quote, backslash, control characters) is escaped. The escapes the default encoder adds
            // for < > & ' + ` protect JSON pasted into an HTML page or <script>; the API never serves JSON that way (every
            // body is application/json or application/problem+json with nosniff, and the pages read it with fetch and
            // set it as text), and those escapes would not protect a page that put the parsed text into HTML anyway.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

using System.Reflection;
using System.Text.Json;
using FanRewards.Azurite;
using FanRewards.Core.Outbox;
using Json.Schema;

namespace FanRewards.Functions.Tests.Support;

/// <summary>
/// The JSON Schemas of the events' data that docs/EVENTS.md publishes (docs/events/{type}.schema.json), read from the
/// repository so that a test fails when what the outbox sends drifts from what integrators were told.
/// </summary>
public static class EventSchemas
{
    public static readonly string Folder = Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "docs", "events");
    public static readonly string Document = Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "docs", "EVENTS.md");

    /// <summary>Every value of <see cref="EventTypes"/> (its string constants other than the CloudEvent prefix).</summary>
    public static IReadOnlyList<string> AllTypes { get; } = typeof(EventTypes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name != nameof(EventTypes.CloudEventTypePrefix))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    private static readonly Dictionary<string, JsonSchema> Loaded = [];

    public static string PathOf(string eventType) => Path.Combine(Folder, eventType + ".schema.json");

    public static JsonSchema Of(string eventType)
    {
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(eventType, out var schema))
                Loaded[eventType] = schema = JsonSchema.FromText(File.ReadAllText(PathOf(eventType)));
            return schema;
        }
    }

    /// <summary>Null when <paramref name="data"/> is valid for the type's schema (formats such as date-time checked too); else why not.</summary>
    public static string? Problems(string eventType, JsonElement data)
    {
        var results = Of(eventType).Evaluate(data, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        return results.IsValid ? null : $"{eventType}: {JsonSerializer.Serialize(results)}\nfor {data}";
    }
}

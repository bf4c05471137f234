using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Messaging;
using FanRewards.Azurite;
using FanRewards.Core.Outbox;

namespace FanRewards.Functions.Tests.Events;

/// <summary>
/// docs/EVENTS.md is what integrators code against: every <see cref="EventTypes"/> value has a section there with an
/// example CloudEvent, and a schema in docs/events/ that the example's data satisfies; nothing is documented that the
/// code does not publish; the fulfilment subscription's filter names only real types.
/// </summary>
public sealed partial class EventDocumentTests
{
    [Fact]
    public void Every_event_type_has_a_schema_and_a_section_whose_example_is_a_valid_CloudEvent_of_that_type()
    {
        Assert.True(EventSchemas.AllTypes.Count >= 4, string.Join(", ", EventSchemas.AllTypes));
        var sections = Sections(File.ReadAllText(EventSchemas.Document));

        foreach (var type in EventSchemas.AllTypes)
        {
            Assert.True(File.Exists(EventSchemas.PathOf(type)), $"No schema {EventSchemas.PathOf(type)} for event type {type}.");
            var cloudType = EventTypes.CloudEventType(type);
            Assert.True(sections.TryGetValue(cloudType, out var section), $"docs/EVENTS.md has no section ## `{cloudType}`.");
            var example = ExampleBlock().Match(section);
            Assert.True(example.Success, $"The section of {cloudType} has no ```json example.");
            var parsed = CloudEvent.Parse(BinaryData.FromString(example.Groups["json"].Value)) ?? throw new Xunit.Sdk.XunitException("empty example");
            Assert.Equal(cloudType, parsed.Type);
            Assert.Equal("application/json", parsed.DataContentType);
            using var raw = JsonDocument.Parse(example.Groups["json"].Value);
            Assert.Equal("1.0", raw.RootElement.GetProperty("specversion").GetString());
            Assert.Null(EventSchemas.Problems(type, raw.RootElement.GetProperty("data")));
        }
    }

    [Fact]
    public void Nothing_is_documented_that_the_code_does_not_publish()
    {
        var schemas = Directory.GetFiles(EventSchemas.Folder, "*.schema.json").Select(f => Path.GetFileName(f)[..^".schema.json".Length]);
        Assert.Equal(EventSchemas.AllTypes.Order(StringComparer.Ordinal), schemas.Order(StringComparer.Ordinal));
        var documented = Sections(File.ReadAllText(EventSchemas.Document)).Keys.Where(k => k.StartsWith(EventTypes.CloudEventTypePrefix, StringComparison.Ordinal));
        Assert.Equal(EventSchemas.AllTypes.Select(EventTypes.CloudEventType).Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_fulfilment_subscription_filters_on_the_type_property_to_real_event_types()
    {
        var bicep = File.ReadAllText(Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "infra", "core", "servicebus.bicep"))
            + File.ReadAllText(Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "infra", "main.bicep"));
        var filtered = CloudEventType().Matches(bicep).Select(m => m.Value).Distinct().ToList();

        Assert.Equal(
            new[] { EventTypes.PrizeClaimed, EventTypes.PrizePassedOn, EventTypes.WinnerAwarded }.Select(EventTypes.CloudEventType),
            filtered.Order(StringComparer.Ordinal));
        Assert.Contains("user.type IN", bicep, StringComparison.Ordinal);
    }

    /// <summary>The document's "## `heading`" sections by heading.</summary>
    private static Dictionary<string, string> Sections(string markdown) =>
        SectionHeading().Matches(markdown).ToDictionary(
            m => m.Groups["name"].Value,
            m =>
            {
                var next = markdown.IndexOf("\n## ", m.Index + m.Length, StringComparison.Ordinal);
                return next < 0 ? markdown[m.Index..] : markdown[m.Index..next];
            });

    [GeneratedRegex(@"^## `(?<name>[^`]+)`", RegexOptions.Multiline)]
    private static partial Regex SectionHeading();

    [GeneratedRegex(@"```json\n(?<json>.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();

    [GeneratedRegex(@"org\.fanrewards\.[a-z.-]+[a-z]")]
    private static partial Regex CloudEventType();
}

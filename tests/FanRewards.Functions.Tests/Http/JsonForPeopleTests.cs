using System.Text.RegularExpressions;
using FanRewards.Core;
using FanRewards.Core.Campaigns;
using FanRewards.Functions.Http;

namespace FanRewards.Functions.Tests.Http;

/// <summary>
/// Responses write text as text (issue #15): Chinese as characters, '+' in a time's offset and an apostrophe in a
/// message as they are, only what JSON itself requires escaped; both writers (private and public) mark the body
/// nosniff, so a browser never reads the unescaped '&lt;' of a message as markup.
/// </summary>
public sealed partial class JsonForPeopleTests
{
    private static readonly object Body = new
    {
        title = "元宵节猜灯谜",
        detail = "The campaign's draw runs at 20:00 & the list <ends> then 🏮",
        at = new DateTimeOffset(2027, 2, 12, 20, 0, 0, TimeSpan.FromHours(8)),
        quoted = "say \"告\" \\ then\nnew line",
    };

    public static TheoryData<string> Writers => ["private", "public", "problem"];

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task Every_writer_writes_text_as_text_and_escapes_only_what_JSON_requires(string writer)
    {
        var request = HttpTestContext.Request("GET");
        var response = await HttpTestContext.Execute(request, writer switch
        {
            "private" => new JsonBodyResult(Body),
            "public" => PublicResponse.Json(Body, TimeSpan.FromSeconds(10)),
            _ => JsonBodyResult.Problem(Problem.InvalidState("Tom's entry was taken", new Dictionary<string, object?> { ["body"] = Body })),
        });

        Assert.Contains("元宵节猜灯谜", response.Body, StringComparison.Ordinal);
        Assert.Contains("\"2027-02-12T20:00:00+08:00\"", response.Body, StringComparison.Ordinal);
        Assert.Contains("The campaign's draw runs at 20:00 & the list <ends> then", response.Body, StringComparison.Ordinal);
        Assert.Contains("""say \"告\" \\ then\nnew line""", response.Body, StringComparison.Ordinal); // what JSON requires
        Assert.DoesNotContain("\\u002B", response.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\\u0027", response.Body, StringComparison.OrdinalIgnoreCase);
        if (writer == "problem") Assert.Contains("\"Tom's entry was taken\"", response.Body, StringComparison.Ordinal);
        // No \uXXXX at all but the lantern emoji's surrogate pair, which the relaxed encoder still escapes (valid JSON).
        Assert.Equal(["\\uD83C", "\\uDFEE"], UnicodeEscape().Matches(response.Body).Select(m => m.Value).ToArray());
        Assert.Equal("nosniff", response.Headers.XContentTypeOptions.ToString());
        Assert.Equal("The campaign's draw runs at 20:00 & the list <ends> then 🏮",
            (writer == "problem" ? response.Json.GetProperty("body") : response.Json).GetProperty("detail").GetString());
    }

    [Fact]
    public void Admin_views_of_a_campaign_give_its_times_at_the_campaign_offset_not_in_UTC()
    {
        var created = new DateTimeOffset(2027, 1, 5, 2, 30, 0, TimeSpan.Zero); // as storage returns it: UTC
        var campaign = TestCampaign.Lantern().Build() with { CreatedAt = created, UpdatedAt = created.AddHours(1), PublishedAt = created.AddHours(2) };

        var view = AdminCampaignView.From(new StoredCampaign(campaign, "W/\"1\""), created);
        var json = System.Text.Json.JsonSerializer.Serialize(view, Core.Json.FanRewardsJson.Options);

        Assert.Contains("\"createdAt\":\"2027-01-05T10:30:00+08:00\"", json, StringComparison.Ordinal);
        Assert.Contains("\"publishedAt\":\"2027-01-05T12:30:00+08:00\"", json, StringComparison.Ordinal);
        Assert.DoesNotMatch(UtcTime(), json);
    }

    /// <summary>A time written in UTC: "Z" or "+00:00" after the seconds.</summary>
    [GeneratedRegex(@"T\d\d:\d\d:\d\d(\.\d+)?(Z|\+00:00)""")]
    private static partial Regex UtcTime();

    [GeneratedRegex(@"\\u[0-9A-Fa-f]{4}")]
    private static partial Regex UnicodeEscape();
}

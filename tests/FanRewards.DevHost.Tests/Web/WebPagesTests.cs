using System.Net;
using FanRewards.DevHost.Web;
using FanRewards.Testing;

namespace FanRewards.DevHost.Tests.Web;

/// <summary>The repository's <c>web</c> folder served at <c>/</c>, with the functions still answering under <c>/api</c>.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class WebPagesTests(AzuriteFixture azurite) : HttpTestFunctionsHost(azurite)
{
    [Fact]
    public async Task The_root_leads_to_the_entrant_page()
    {
        var response = await Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/entrant/", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<main id=\"app\"", html);
    }

    [Fact]
    public async Task A_script_is_served_as_javascript()
    {
        var response = await Client.GetAsync("/entrant/i18n.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("javascript", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("zh-CN", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_functions_still_answer_under_api()
    {
        Assert.Contains("Hello, web", await Client.GetStringAsync("/api/greetings/web"));
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/entrant/no-such-file.js")).StatusCode);
    }

    [Fact]
    public async Task The_api_reference_page_and_its_pinned_scalar_bundle_are_served_from_the_app()
    {
        var page = await Client.GetAsync("/docs/");
        var bundle = await Client.GetAsync(WebPages.ReferenceBundlePath);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(WebPages.ReferenceBundlePath["/docs/".Length..], await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.Contains("javascript", bundle.Content.Headers.ContentType!.MediaType);
        Assert.Contains("createApiReference", await bundle.Content.ReadAsStringAsync());
    }
}

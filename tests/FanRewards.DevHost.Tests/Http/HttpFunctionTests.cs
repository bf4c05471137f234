using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FanRewards.DevHost.Tests.Support.TestFunctions;
using FanRewards.Testing;

namespace FanRewards.DevHost.Tests.Http;

[Collection(AzuriteCollection.Name)]
public sealed class HttpFunctionTests(AzuriteFixture azurite) : HttpTestFunctionsHost(azurite)
{
    [Fact]
    public async Task Anonymous_function_answers_under_api_with_its_route_value_bound()
    {
        var response = await Client.GetAsync("/api/greetings/ada");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Hello, ada", body.GetProperty("greeting").GetString());
        Assert.Equal(["ada"], Host.Recorder().Of("Greet").Select(i => i.Arguments[0]));
    }

    [Fact]
    public async Task Constrained_and_optional_route_parameters_are_converted_and_the_result_serialized_as_json()
    {
        var withLabel = await Client.GetFromJsonAsync<Item>("/api/items/42/blue");
        var withoutLabel = await Client.PutAsync("/api/items/7", content: null);

        Assert.Equal(new Item(42, "blue", "GET"), withLabel);
        Assert.Equal(new Item(7, "none", "PUT"), await withoutLabel.Content.ReadFromJsonAsync<Item>());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/api/items/not-a-number")).StatusCode);
    }

    [Fact]
    public async Task Methods_not_listed_on_the_trigger_are_refused()
    {
        var response = await Client.DeleteAsync("/api/items/42");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task A_trigger_without_route_and_methods_is_served_at_its_name_for_every_method()
    {
        var response = await Client.PatchAsync("/api/Echo", content: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("PATCH", response.Headers.GetValues("X-Echo-Method").Single());
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("wrong-key", null)]
    [InlineData(null, "wrong-key")]
    public async Task Function_level_route_without_the_right_key_is_401_with_no_body(string? header, string? code)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ReportUrl(code));
        if (header is not null)
        {
            request.Headers.Add("x-functions-key", header);
        }

        var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Function_level_route_accepts_the_key_in_the_header()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ReportUrl(code: null));
        request.Headers.Add("x-functions-key", TestDevHost.FunctionKey);

        var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Function_level_route_accepts_the_key_as_code()
    {
        var response = await Client.GetAsync(ReportUrl(TestDevHost.FunctionKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_exception_is_a_500_problem_that_reveals_nothing()
    {
        var response = await Client.PostAsync("/api/crash", content: null);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(500, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
        Assert.DoesNotContain("secret", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(nameof(InvalidOperationException), body);
    }

    private static string ReportUrl(string? code) =>
        "/api/reports/0b5c3b5e-8f9a-4a57-9d7e-3f1f2b8d9c10" + (code is null ? "" : $"?code={Uri.EscapeDataString(code)}");
}

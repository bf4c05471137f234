using System.Text;
using FanRewards.Core;
using FanRewards.Functions.Http;

namespace FanRewards.Functions.Tests.Http;

/// <summary>Reading a JSON body into a pooled buffer: whatever Content-Length says, the whole body or a 413.</summary>
public sealed class HttpBodyTests
{
    private sealed record Message(string? Text);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_larger_than_the_first_buffer_is_read_whole(bool withContentLength)
    {
        var text = new string('灯', 20_000); // 60,000 bytes of UTF-8
        var request = Request($$"""{"text":"{{text}}"}""", withContentLength ? null : -1);

        var body = await HttpBody.ReadJsonAsync<Message>(request, CancellationToken.None);

        Assert.Equal(text, body.Text);
    }

    [Fact]
    public async Task A_body_longer_than_its_content_length_is_still_read_whole()
    {
        var request = Request("""{"text":"lantern"}""", contentLength: 3);

        Assert.Equal("lantern", (await HttpBody.ReadJsonAsync<Message>(request, CancellationToken.None)).Text);
    }

    [Theory]
    [InlineData(1024, 1025)]
    [InlineData(1024, 5000)]
    [InlineData(8192, 8193)]
    public async Task A_body_over_the_limit_without_a_content_length_is_413(int limit, int size)
    {
        var request = Request($$"""{"text":"{{new string('a', size)}}"}""", contentLength: -1);

        var problem = (await Assert.ThrowsAsync<ProblemException>(() => HttpBody.ReadJsonAsync<Message>(request, CancellationToken.None, limit))).Problem;

        Assert.Equal(413, problem.Status);
    }

    [Fact]
    public async Task A_body_of_exactly_the_limit_is_read()
    {
        var json = """{"text":"a"}""";
        var request = Request(json, contentLength: -1);

        Assert.Equal("a", (await HttpBody.ReadJsonAsync<Message>(request, CancellationToken.None, Encoding.UTF8.GetByteCount(json))).Text);
    }

    [Fact]
    public async Task An_empty_body_is_invalid_json()
    {
        var problem = (await Assert.ThrowsAsync<ProblemException>(() =>
            HttpBody.ReadJsonAsync<Message>(Request("", contentLength: -1), CancellationToken.None))).Problem;

        Assert.Equal(400, problem.Status);
        Assert.Contains("empty", problem.Detail);
    }

    /// <param name="contentLength">null: the body's length; -1: none (chunked); else that value.</param>
    private static Microsoft.AspNetCore.Http.HttpRequest Request(string json, long? contentLength)
    {
        var request = HttpTestContext.Request("POST", json);
        request.ContentLength = contentLength switch { null => request.ContentLength, -1 => null, var n => n };
        return request;
    }
}

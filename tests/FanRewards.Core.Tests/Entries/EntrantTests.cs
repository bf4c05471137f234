using FanRewards.Core.Entries;

namespace FanRewards.Core.Tests.Entries;

public class EntrantTests
{
    [Theory]
    [InlineData("alice")]
    [InlineData("wx_Zhang.01@union")]
    [InlineData("a")]
    public void Ids_of_the_allowed_characters_are_valid(string id) => Assert.True(Entrant.IsValidId(id));

    [Theory]
    [InlineData("alice\n")] // "$" matches before a final "\n": the rule ends with \z so this stays out of row keys
    [InlineData("alice\r\n")]
    [InlineData("\nalice")]
    [InlineData("a/b#c")]
    [InlineData("")]
    [InlineData(null)]
    public void Ids_with_anything_else_are_invalid(string? id) => Assert.False(Entrant.IsValidId(id));

    [Fact]
    public void An_id_is_at_most_128_characters()
    {
        Assert.True(Entrant.IsValidId(new string('a', 128)));
        Assert.False(Entrant.IsValidId(new string('a', 129)));
        Assert.False(Entrant.IsValidId(new string('a', 128) + "\n"));
    }
}

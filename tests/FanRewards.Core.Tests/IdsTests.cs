namespace FanRewards.Core.Tests;

public class IdsTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("lantern-2027")]
    [InlineData("0-9")]
    public void Lowercase_letters_digits_and_hyphens_are_valid(string id) => Assert.True(Ids.IsValid(id));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Lantern")]
    [InlineData("a b")]
    [InlineData("a_b")]
    [InlineData("a/b")]
    [InlineData("灯谜")]
    [InlineData("lantern\n")]
    [InlineData("\nlantern")]
    [InlineData("lantern\r\n")]
    public void Anything_else_is_invalid(string? id) => Assert.False(Ids.IsValid(id));

    [Fact]
    public void Ids_are_at_most_64_characters()
    {
        Assert.True(Ids.IsValid(new string('a', 64)));
        Assert.False(Ids.IsValid(new string('a', 65)));
    }

    [Fact]
    public void Require_names_the_parameter_in_a_400()
    {
        var e = Assert.Throws<ProblemException>(() => Ids.Require("Bad Id", "campaignId"));
        Assert.Equal(400, e.Problem.Status);
        Assert.Equal(["campaignId"], e.Problem.Errors!.Keys);
        Assert.Equal("ok-id", Ids.Require("ok-id", "campaignId"));
    }
}

using FanRewards.Core.Entries;

namespace FanRewards.Core.Tests.Entries;

public class AnswerMatcherTests
{
    [Theory]
    [InlineData("ＡＢＣ１２３", "abc123")]
    [InlineData("abc123", "ＡＢＣ１２３")]
    [InlineData("ａｂｃ１２３", "ABC123")]
    public void Full_width_letters_and_digits_match_their_half_width_forms(string typed, string accepted) =>
        Assert.True(AnswerMatcher.Matches(typed, [accepted]));

    [Theory]
    [InlineData("LANTERN")]
    [InlineData("Lantern")]
    [InlineData("lAnTeRn")]
    public void Case_does_not_matter(string typed) => Assert.True(AnswerMatcher.Matches(typed, ["lantern"]));

    [Theory]
    [InlineData(" 告 ")]
    [InlineData("\u3000告\u3000")]
    [InlineData("告\t\n")]
    [InlineData("lan tern")]
    [InlineData("lan\u3000tern")]
    public void Spaces_including_the_full_width_space_are_ignored(string typed) =>
        Assert.True(AnswerMatcher.Matches(typed, ["告", "lantern"]));

    [Theory]
    [InlineData("《告》。")]
    [InlineData("“告”！")]
    [InlineData("「告」，")]
    [InlineData("\"告\"!")]
    [InlineData("(告).")]
    [InlineData("告?")]
    [InlineData("【告】～")]
    public void Chinese_and_ascii_punctuation_is_ignored(string typed) => Assert.True(AnswerMatcher.Matches(typed, ["告"]));

    [Fact]
    public void Punctuation_in_the_accepted_answer_is_ignored_too() => Assert.True(AnswerMatcher.Matches("告", ["《告》"]));

    [Fact]
    public void Traditional_does_not_match_simplified_when_only_one_form_is_listed()
    {
        Assert.False(AnswerMatcher.Matches("華", ["华"]));
        Assert.False(AnswerMatcher.Matches("华", ["華"]));
    }

    [Theory]
    [InlineData("華")]
    [InlineData("华")]
    public void Traditional_and_simplified_both_match_when_both_are_listed(string typed) =>
        Assert.True(AnswerMatcher.Matches(typed, ["华", "華"]));

    [Theory]
    [InlineData("元宵")]
    [InlineData("上元")]
    [InlineData("灯节")]
    public void Any_of_several_accepted_answers_matches(string typed) => Assert.True(AnswerMatcher.Matches(typed, ["元宵", "上元", "灯节"]));

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\u3000\u3000")]
    [InlineData("\t\r\n")]
    [InlineData("。")]
    [InlineData("《》“”！？")]
    [InlineData("...!!!")]
    public void Empty_whitespace_or_punctuation_only_never_matches(string typed)
    {
        Assert.False(AnswerMatcher.Matches(typed, ["告", "lantern"]));
        // Not even an accepted answer that itself normalises to nothing (a careless admin entry).
        Assert.False(AnswerMatcher.Matches(typed, ["。", "", " "]));
    }

    [Theory]
    [InlineData("吉")]
    [InlineData("告诉")]
    [InlineData("abc12")]
    [InlineData("abc1234")]
    [InlineData("牛")]
    public void A_wrong_answer_does_not_match(string typed) => Assert.False(AnswerMatcher.Matches(typed, ["告", "abc123"]));

    [Fact]
    public void No_accepted_answers_means_nothing_matches() => Assert.False(AnswerMatcher.Matches("告", []));

    [Fact]
    public void Normalize_folds_width_and_case_and_drops_spaces_and_punctuation() =>
        Assert.Equal("abc123告", AnswerMatcher.Normalize("《ＡＢＣ\u3000１２３ 告》。"));
}

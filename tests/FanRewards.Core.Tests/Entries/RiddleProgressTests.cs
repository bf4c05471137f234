using FanRewards.Core.Entries;

namespace FanRewards.Core.Tests.Entries;

public class RiddleProgressTests
{
    [Fact]
    public void A_first_wrong_answer_counts_one_attempt()
    {
        var progress = RiddleProgress.Empty();

        var outcome = progress.Answer("r1", correct: false, attemptLimit: 3);

        Assert.Equal(new AnswerOutcome(false, 2, Changed: true), outcome);
        Assert.Equal(new RiddleState(1, false), progress["r1"]);
    }

    [Fact]
    public void Each_answer_increments_the_attempts_and_a_solved_riddle_has_none_left()
    {
        var progress = RiddleProgress.Empty();
        progress.Answer("r1", false, 3);
        var outcome = progress.Answer("r1", true, 3);

        Assert.Equal(new AnswerOutcome(true, 0, Changed: true), outcome);
        Assert.Equal(new RiddleState(2, true), progress["r1"]);
    }

    [Fact]
    public void A_correct_answer_is_final_answering_again_changes_nothing_and_returns_the_same_result()
    {
        var progress = RiddleProgress.Empty();
        var first = progress.Answer("r1", true, 3);
        var encoded = progress.Encode();

        var wrongAfter = progress.Answer("r1", false, 3);
        var rightAfter = progress.Answer("r1", true, 3);

        Assert.False(wrongAfter.Changed);
        Assert.False(rightAfter.Changed);
        Assert.True(wrongAfter.Correct);
        Assert.Equal(first.AttemptsLeft, wrongAfter.AttemptsLeft);
        Assert.Equal(first with { Changed = false }, rightAfter);
        Assert.Equal(new RiddleState(1, true), progress["r1"]);
        Assert.Equal(encoded, progress.Encode());
    }

    [Fact]
    public void After_the_limit_of_wrong_answers_the_riddle_is_exhausted_and_unchanged()
    {
        var progress = RiddleProgress.Empty();
        for (var i = 0; i < 3; i++) Assert.False(progress.Answer("r1", false, 3).Exhausted);
        var encoded = progress.Encode();

        var outcome = progress.Answer("r1", correct: true, attemptLimit: 3);

        Assert.True(outcome.Exhausted);
        Assert.False(outcome.Changed);
        Assert.False(outcome.Correct);
        Assert.Equal(0, outcome.AttemptsLeft);
        Assert.Equal(new RiddleState(3, false), progress["r1"]);
        Assert.Equal(encoded, progress.Encode());
    }

    [Fact]
    public void The_last_allowed_attempt_may_still_be_right()
    {
        var progress = RiddleProgress.Empty();
        progress.Answer("r1", false, 3);
        progress.Answer("r1", false, 3);

        var outcome = progress.Answer("r1", true, 3);

        Assert.Equal(new AnswerOutcome(true, 0, Changed: true), outcome);
    }

    [Fact]
    public void Riddles_are_counted_independently()
    {
        var progress = RiddleProgress.Empty();
        for (var i = 0; i < 3; i++) progress.Answer("r1", false, 3);

        var outcome = progress.Answer("r2", true, 3);

        Assert.True(outcome.Changed);
        Assert.Equal(new RiddleState(1, true), progress["r2"]);
    }

    [Fact]
    public void Correct_count_counts_riddles_answered_right()
    {
        var progress = RiddleProgress.Empty();
        Assert.Equal(0, progress.CorrectCount);
        progress.Answer("r1", true, 3);
        progress.Answer("r2", false, 3);
        progress.Answer("r3", false, 3);
        progress.Answer("r3", true, 3);
        progress.Answer("r1", true, 3); // no change
        Assert.Equal(2, progress.CorrectCount);
    }

    [Fact]
    public void Encode_writes_attempts_and_a_plus_for_right_in_ordinal_id_order()
    {
        var progress = RiddleProgress.Empty();
        progress.Answer("r-b", false, 3);
        progress.Answer("r-b", false, 3);
        progress.Answer("r-a", true, 3);

        Assert.Equal("r-a=1+;r-b=2", progress.Encode());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Decoding_nothing_gives_empty_progress(string? text)
    {
        var progress = RiddleProgress.Decode(text);
        Assert.Empty(progress.Riddles);
        Assert.Equal(0, progress.CorrectCount);
        Assert.Equal("", progress.Encode());
    }

    [Fact]
    public void Encode_and_decode_round_trip_with_dashed_ids_and_many_riddles()
    {
        var random = new Random(20270212);
        var progress = RiddleProgress.Empty();
        for (var i = 0; i < 300; i++)
        {
            var id = $"lantern-2027-riddle-{i:D3}-x";
            var answers = random.Next(1, 6);
            for (var a = 0; a < answers; a++) progress.Answer(id, random.Next(4) == 0, 5);
        }

        var encoded = progress.Encode();
        var decoded = RiddleProgress.Decode(encoded);

        Assert.Equal(300, decoded.Riddles.Count);
        Assert.Equal(progress.Riddles.ToArray(), decoded.Riddles.ToArray());
        Assert.Equal(progress.CorrectCount, decoded.CorrectCount);
        Assert.Equal(encoded, decoded.Encode());
        Assert.True(encoded.Length < 32 * 1024, "one riddle row stays far inside a 64 KiB property");
    }

    [Fact]
    public void Decoded_progress_keeps_enforcing_the_rules()
    {
        var decoded = RiddleProgress.Decode("a-1=3;b-2=1+");

        Assert.True(decoded.Answer("a-1", true, 3).Exhausted);
        Assert.False(decoded.Answer("b-2", false, 3).Changed);
        Assert.True(decoded.Answer("c-3", true, 3).Changed);
        Assert.Equal(2, decoded.CorrectCount);
    }

    [Fact]
    public void An_unknown_riddle_has_no_attempts() => Assert.Equal(default, RiddleProgress.Empty()["nope"]);
}

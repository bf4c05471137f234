using FanRewards.Core.Entries;

namespace FanRewards.Core.Tests.Entries;

public class RiddleProgressTests
{
    /// <summary>When the answers of a test are given (whole milliseconds, as stored).</summary>
    private static readonly DateTimeOffset At = new(2027, 2, 12, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_first_wrong_answer_counts_one_attempt()
    {
        var progress = RiddleProgress.Empty();

        var outcome = progress.Answer("r1", correct: false, attemptLimit: 3, At);

        Assert.Equal(new AnswerOutcome(false, 2, Changed: true), outcome);
        Assert.Equal(new RiddleState(1, false, At), progress["r1"]);
    }

    [Fact]
    public void Each_answer_increments_the_attempts_and_a_solved_riddle_has_none_left()
    {
        var progress = RiddleProgress.Empty();
        progress.Answer("r1", false, 3, At);
        var outcome = progress.Answer("r1", true, 3, At);

        Assert.Equal(new AnswerOutcome(true, 0, Changed: true), outcome);
        Assert.Equal(new RiddleState(2, true, At), progress["r1"]);
    }

    [Fact]
    public void A_correct_answer_is_final_answering_again_changes_nothing_and_returns_the_same_result()
    {
        var progress = RiddleProgress.Empty();
        var first = progress.Answer("r1", true, 3, At);
        var encoded = progress.Encode();

        var wrongAfter = progress.Answer("r1", false, 3, At);
        var rightAfter = progress.Answer("r1", true, 3, At);

        Assert.False(wrongAfter.Changed);
        Assert.False(rightAfter.Changed);
        Assert.True(wrongAfter.Correct);
        Assert.Equal(first.AttemptsLeft, wrongAfter.AttemptsLeft);
        Assert.Equal(first with { Changed = false }, rightAfter);
        Assert.Equal(new RiddleState(1, true, At), progress["r1"]);
        Assert.Equal(encoded, progress.Encode());
    }

    [Fact]
    public void After_the_limit_of_wrong_answers_the_riddle_is_exhausted_and_unchanged()
    {
        var progress = RiddleProgress.Empty();
        for (var i = 0; i < 3; i++) Assert.False(progress.Answer("r1", false, 3, At).Exhausted);
        var encoded = progress.Encode();

        var outcome = progress.Answer("r1", correct: true, attemptLimit: 3, At);

        Assert.True(outcome.Exhausted);
        Assert.False(outcome.Changed);
        Assert.False(outcome.Correct);
        Assert.Equal(0, outcome.AttemptsLeft);
        Assert.Equal(new RiddleState(3, false, At), progress["r1"]);
        Assert.Equal(encoded, progress.Encode());
    }

    [Fact]
    public void The_last_allowed_attempt_may_still_be_right()
    {
        var progress = RiddleProgress.Empty();
        progress.Answer("r1", false, 3, At);
        progress.Answer("r1", false, 3, At);

        var outcome = progress.Answer("r1", true, 3, At);

        Assert.Equal(new AnswerOutcome(true, 0, Changed: true), outcome);
    }

    [Fact]
    public void Riddles_are_counted_independently()
    {
        var progress = RiddleProgress.Empty();
        for (var i = 0; i < 3; i++) progress.Answer("r1", false, 3, At);

        var outcome = progress.Answer("r2", true, 3, At);

        Assert.True(outcome.Changed);
        Assert.Equal(new RiddleState(1, true, At), progress["r2"]);
    }

    [Fact]
    public void Correct_count_counts_riddles_answered_right()
    {
        var progress = RiddleProgress.Empty();
        Assert.Equal(0, progress.CorrectCount);
        progress.Answer("r1", true, 3, At);
        progress.Answer("r2", false, 3, At);
        progress.Answer("r3", false, 3, At);
        progress.Answer("r3", true, 3, At);
        progress.Answer("r1", true, 3, At); // no change
        Assert.Equal(2, progress.CorrectCount);
    }

    [Fact]
    public void Encode_writes_attempts_and_a_plus_for_right_in_ordinal_id_order()
    {
        var progress = RiddleProgress.Empty();
        progress.Answer("r-b", false, 3, At);
        progress.Answer("r-b", false, 3, At);
        progress.Answer("r-a", true, 3, At);

        Assert.Equal("r-a=1+@1802433600000;r-b=2@1802433600000", progress.Encode());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Decoding_nothing_gives_empty_progress(string? text)
    {
        var progress = RiddleProgress.Decode(text, At);
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
            for (var a = 0; a < answers; a++) progress.Answer(id, random.Next(4) == 0, 5, At.AddTicks(random.NextInt64(TimeSpan.TicksPerHour)));
        }

        var encoded = progress.Encode();
        var decoded = RiddleProgress.Decode(encoded, At);

        Assert.Equal(300, decoded.Riddles.Count);
        Assert.Equal(progress.Riddles.ToArray(), decoded.Riddles.ToArray());
        Assert.Equal(progress.CorrectCount, decoded.CorrectCount);
        Assert.Equal(encoded, decoded.Encode());
        Assert.True(encoded.Length < 32 * 1024, "one riddle row stays far inside a 64 KiB property");
    }

    [Fact]
    public void Decoded_progress_keeps_enforcing_the_rules()
    {
        var decoded = RiddleProgress.Decode("a-1=3;b-2=1+", At);

        Assert.True(decoded.Answer("a-1", true, 3, At).Exhausted);
        Assert.False(decoded.Answer("b-2", false, 3, At).Changed);
        Assert.True(decoded.Answer("c-3", true, 3, At).Changed);
        Assert.Equal(2, decoded.CorrectCount);
    }

    [Fact]
    public void An_unknown_riddle_has_no_attempts() => Assert.Equal(default, RiddleProgress.Empty()["nope"]);

    [Fact]
    public void As_of_an_instant_only_answers_right_at_or_before_it_count_and_the_score_was_reached_by_the_last_of_them()
    {
        var progress = RiddleProgress.Empty();
        progress.Answer("r1", true, 3, At.AddMinutes(-10));
        progress.Answer("r2", false, 3, At.AddMinutes(-9));
        progress.Answer("r2", true, 3, At); // exactly at the instant: counts
        progress.Answer("r3", false, 3, At.AddMinutes(-8)); // wrong: never counts
        progress.Answer("r4", true, 3, At.AddTicks(1)); // a tick late: does not

        Assert.Equal(new RiddleScore(2, At), progress.AsOf(At));
        Assert.Equal(new RiddleScore(1, At.AddMinutes(-10)), progress.AsOf(At.AddTicks(-1)));
        Assert.Equal(new RiddleScore(0, null), progress.AsOf(At.AddMinutes(-11)));
        Assert.Equal(3, progress.AsOf(At.AddMinutes(1)).Correct);
        Assert.Equal(3, progress.CorrectCount);
    }

    [Fact]
    public void Stored_times_round_up_to_the_millisecond_so_a_late_answer_stays_late_after_a_round_trip()
    {
        var progress = RiddleProgress.Empty();
        progress.Answer("late", true, 3, At.AddTicks(1));
        progress.Answer("early", true, 3, At.AddTicks(-1));

        var decoded = RiddleProgress.Decode(progress.Encode(), At);

        Assert.Equal("early=1+@1802433600000;late=1+@1802433600001", progress.Encode());
        Assert.Equal(new RiddleScore(1, At), decoded.AsOf(At));
        Assert.Equal(progress.Riddles.ToArray(), decoded.Riddles.ToArray());
    }

    [Fact]
    public void An_old_row_without_times_reads_its_answers_at_the_rows_last_write_and_keeps_that_time_when_rewritten()
    {
        var lastWrite = At.AddMinutes(5);
        var old = new EntryRecord
        {
            CampaignId = "c", Bucket = 0, RowKey = "riddles:p", ActivityId = "riddles", Kind = FanRewards.Core.Campaigns.ActivityKind.Riddle,
            EntrantId = "e", Pseudonym = "p", AcceptedAt = At.AddHours(-1), Progress = "r1=2+;r2=1", LastWrittenAt = lastWrite,
        };

        var progress = RiddleProgress.Of(old);
        progress.Answer("r3", true, 3, At.AddMinutes(7));

        // The old answer may have come as late as the last write: it counts from then, never earlier.
        Assert.Equal(0, progress.AsOf(lastWrite.AddTicks(-1)).Correct);
        Assert.Equal(new RiddleScore(1, lastWrite), progress.AsOf(lastWrite));
        Assert.Equal("r1=2+@1802433900000;r2=1@1802433900000;r3=1+@1802434020000", progress.Encode());
        // Read without a storage timestamp (never the case for a stored row), the row's acceptance is all there is.
        Assert.Equal(At.AddHours(-1), RiddleProgress.Of(old with { LastWrittenAt = null })["r1"].AnsweredAt);
    }
}

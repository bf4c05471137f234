using FanRewards.Core.Campaigns;
using FanRewards.Core.Entries;

namespace FanRewards.Core.Tests.Entries;

public sealed class EntryDecisionsTests
{
    private static readonly DateTimeOffset Cutoff = new(2027, 2, 20, 12, 0, 0, TimeSpan.Zero);

    private static EntryRecord Message(EntryStatus status = EntryStatus.Pending) => new()
    {
        CampaignId = "c", Bucket = 0, RowKey = "wishes:p", ActivityId = "wishes", Kind = ActivityKind.Message, EntrantId = "e", Pseudonym = "p",
        AcceptedAt = Cutoff.AddHours(-3), Text = "元宵快乐", Status = status,
    };

    [Fact]
    public void A_decision_after_the_cutoff_leaves_the_status_that_stood_at_it()
    {
        var entry = EntryDecisions.Decide(Message(), EntryStatus.Rejected, Cutoff.AddMinutes(-10));
        entry = EntryDecisions.Decide(entry, EntryStatus.Approved, Cutoff.AddMinutes(10));

        Assert.Equal(EntryStatus.Approved, entry.Status);
        Assert.Equal(EntryStatus.Rejected, EntryDecisions.StatusAt(entry, Cutoff));
        Assert.Equal(EntryStatus.Approved, EntryDecisions.StatusAt(entry, Cutoff.AddMinutes(10)));
        Assert.Null(EntryDecisions.StatusAt(entry, Cutoff.AddMinutes(-11)));
        Assert.Equal($"r@{Cutoff.AddMinutes(-10).ToUnixTimeMilliseconds()},a@{Cutoff.AddMinutes(10).ToUnixTimeMilliseconds()}", entry.Decisions);
    }

    [Fact]
    public void A_row_without_a_history_reads_as_before_and_keeps_its_old_decision_when_decided_again()
    {
        var old = Message(EntryStatus.Rejected) with { DecidedAt = Cutoff.AddMinutes(-5) };
        Assert.Equal(EntryStatus.Rejected, EntryDecisions.StatusAt(old, Cutoff));
        Assert.Null(EntryDecisions.StatusAt(old with { DecidedAt = Cutoff.AddMinutes(5) }, Cutoff));
        Assert.Equal(EntryStatus.Rejected, EntryDecisions.StatusAt(old with { DecidedAt = null }, Cutoff));

        var approvedSince = EntryDecisions.Decide(old, EntryStatus.Approved, Cutoff.AddMinutes(5));
        Assert.Equal(EntryStatus.Rejected, EntryDecisions.StatusAt(approvedSince, Cutoff));
    }

    [Fact]
    public void The_history_is_bounded_and_keeps_the_latest_decisions()
    {
        var entry = Message();
        for (var i = 0; i < EntryDecisions.MaxKept + 10; i++)
            entry = EntryDecisions.Decide(entry, i % 2 == 0 ? EntryStatus.Rejected : EntryStatus.Approved, Cutoff.AddMinutes(i));

        Assert.Equal(EntryDecisions.MaxKept, entry.Decisions!.Split(',').Length);
        Assert.Equal(EntryStatus.Approved, EntryDecisions.StatusAt(entry, Cutoff.AddMinutes(EntryDecisions.MaxKept + 9)));
        Assert.Equal(EntryStatus.Rejected, EntryDecisions.StatusAt(entry, Cutoff.AddMinutes(EntryDecisions.MaxKept + 8)));
    }
}

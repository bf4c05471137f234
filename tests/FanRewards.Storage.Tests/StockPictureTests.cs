
namespace FanRewards.Storage.Tests;

/// <summary>An instance's picture of a prize's units: what its racers may try, without storage.</summary>
public sealed class StockPictureTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(130)]
    public void Racers_of_one_instance_never_get_the_same_unit_and_every_unit_is_offered_up_to_the_last(int stock)
    {
        var picture = new StockPicture(stock);
        var given = new HashSet<int>();
        while (true)
        {
            var (unit, wait) = picture.Pick();
            if (unit is null)
            {
                Assert.Null(wait);
                break;
            }
            Assert.InRange(unit.Value, 1, stock);
            Assert.True(given.Add(unit.Value), $"unit {unit} offered twice");
            picture.Taken(unit.Value); // one at a time: the in-flight share never holds a racer back
        }
        Assert.Equal(stock, given.Count);
    }

    [Fact]
    public void At_most_an_eighth_of_the_free_units_is_tried_at_once_and_a_racer_over_it_waits_for_one_to_finish()
    {
        var picture = new StockPicture(80);
        var trying = Enumerable.Range(0, 10).Select(_ => picture.Pick().Unit).ToList();
        Assert.All(trying, u => Assert.NotNull(u));
        Assert.Equal(10, trying.Distinct().Count());

        var (unit, wait) = picture.Pick();
        Assert.Null(unit);
        Assert.NotNull(wait);
        Assert.False(wait!.IsCompleted);
        picture.Release(trying[0]!.Value); // its transaction wrote nothing (a past winner): the unit is free again
        Assert.True(wait.IsCompleted);
        Assert.NotNull(picture.Pick().Unit);
    }

    [Fact]
    public void What_storage_holds_is_learned_and_outranks_a_misread_conflict()
    {
        var picture = new StockPicture(3);
        Assert.Equal(2, picture.Learn([1, 3, 3, 99])); // units past the stock say nothing about it
        Assert.Equal(2, picture.Pick().Unit);

        var wrong = new StockPicture(2);
        wrong.Taken(wrong.Pick().Unit!.Value);
        wrong.Taken(wrong.Pick().Unit!.Value);
        var (none, noWait) = wrong.Pick();
        Assert.Null(none);
        Assert.Null(noWait); // nothing in flight: the caller asks storage
        Assert.Equal(1, wrong.Learn([2])); // storage holds only unit 2: unit 1 is free after all
        Assert.Equal(1, wrong.Pick().Unit);
    }
}

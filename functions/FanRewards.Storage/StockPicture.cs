using System.Numerics;

namespace FanRewards.Storage;

/// <summary>
/// What one instance knows about the units 1..stock of one prize: which are taken (its own wins, the units its failed
/// transactions ran into, what a range query read) and which its own racers are trying right now. Racers of the
/// instance share it, so they never try the same unit, and each picks at random among the rest, so racers of other
/// instances rarely do: a burst costs about one transaction per unit, however many racers there are.
/// Two bit sets (stock/4 bytes), so even the largest allowed stock stays a few megabytes.
/// </summary>
internal sealed class StockPicture(int stock)
{
    /// <summary>Random tries before scanning for a free unit: while most units are free, a random one is found at once.</summary>
    private const int RandomTries = 8;
    /// <summary>An instance tries at most one in this many of the units it believes free at once.</summary>
    private const int InFlightShare = 8;

    private readonly object _gate = new();
    private readonly ulong[] _taken = new ulong[(stock + 63) / 64];
    private readonly ulong[] _trying = new ulong[(stock + 63) / 64];
    private int _takenCount;
    private int _tryingCount;
    private int _conflictsSinceRefresh;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _soldOut;

    public int Stock { get; private init; } = stock;

    /// <summary>How many of the units this instance knows taken (its own wins, conflicts, the last range read).</summary>
    public int TakenCount
    {
        get
        {
            if (_soldOut) return Stock;
            lock (_gate) return _takenCount;
        }
    }

    /// <summary>Storage confirmed that every unit is taken: nothing more to try, ever (units are never given back).</summary>
    public bool SoldOut => _soldOut;

    /// <summary>
    /// A unit for this racer to try, reserved for it until <see cref="Taken"/> or <see cref="Release"/>; else, when
    /// enough units are being tried by other racers of the instance, a task that completes when one of them is done
    /// (their transaction may fail and give the unit back); else (every unit known taken) neither.
    /// </summary>
    public (int? Unit, Task? Wait) Pick()
    {
        lock (_gate)
        {
            // At most one in InFlightShare of the units believed free is tried at once: other instances, picking at
            // random under the same rule, then rarely pick one of these, and a racer over the share waits (no storage).
            if (_takenCount + _tryingCount < Stock && (_tryingCount == 0 || _tryingCount < (Stock - _takenCount) / InFlightShare))
            {
                var unit = FreeUnit();
                Set(_trying, unit - 1);
                _tryingCount++;
                return (unit, null);
            }
            return _tryingCount > 0 ? (null, _changed.Task) : (null, null);
        }
    }

    /// <summary>The racer's unit is taken (it won it, or storage said someone had).</summary>
    public void Taken(int unit)
    {
        lock (_gate)
        {
            Unreserve(unit);
            MarkTaken(unit);
            Signal();
        }
    }

    /// <summary>The racer's transaction wrote nothing and the unit may still be free (this entrant had won already, or a fault).</summary>
    public void Release(int unit)
    {
        lock (_gate)
        {
            Unreserve(unit);
            Signal();
        }
    }

    /// <summary>
    /// Counts a unit that another instance had taken unknown to this one; true when this instance should read the taken
    /// units again. A refresh reads about one page per thousand taken units, so asking for one only after that many
    /// conflicts (at least a few) keeps it below one read per failed transaction.
    /// </summary>
    public bool ConflictCallsForRefresh()
    {
        lock (_gate)
        {
            _conflictsSinceRefresh++;
            return _conflictsSinceRefresh >= Math.Max(8, _takenCount / 1000);
        }
    }

    /// <summary>Units storage holds rows for (a range query); returns how many of 1..stock are known taken now.</summary>
    public int Learn(IReadOnlyCollection<int> takenUnits)
    {
        lock (_gate)
        {
            var stored = new ulong[_taken.Length];
            var storedCount = 0;
            foreach (var unit in takenUnits)
            {
                if (unit >= 1 && unit <= Stock && !IsSet(stored, unit - 1))
                {
                    Set(stored, unit - 1);
                    storedCount++;
                }
            }

            if (_takenCount == Stock && storedCount < Stock)
            {
                // This instance took a unit for taken that storage does not hold (a conflict it misread): storage is right.
                Array.Copy(stored, _taken, stored.Length);
                _takenCount = storedCount;
            }
            else
            {
                for (var w = 0; w < stored.Length; w++)
                {
                    var added = stored[w] & ~_taken[w];
                    _taken[w] |= added;
                    _takenCount += BitOperations.PopCount(added);
                }
            }

            _conflictsSinceRefresh = 0;
            Signal();
            return _takenCount;
        }
    }

    /// <summary>
    /// What a sold-out prize is remembered as: nothing but the fact (a picture's bit sets are stock/4 bytes, and an
    /// instance meets many prizes over its life).
    /// </summary>
    public static StockPicture SoldOutOf(int stock)
    {
        var picture = new StockPicture(0)
        {
            Stock = stock, _soldOut = true
        };
        return picture;
    }

    public void MarkSoldOut()
    {
        _soldOut = true;
        lock (_gate) Signal();
    }

    private int FreeUnit()
    {
        // Units are 1-based; bit i stands for unit i + 1.
        for (var i = 0; i < RandomTries; i++)
        {
            var bit = Random.Shared.Next(Stock);
            if (!IsSet(_taken, bit) && !IsSet(_trying, bit)) return bit + 1;
        }
        // Mostly gone: the first free unit from a random word on, wrapping round. The caller checked that one exists.
        var words = _taken.Length;
        var start = Random.Shared.Next(words);
        for (var n = 0; n < words; n++)
        {
            var w = (start + n) % words;
            var busy = _taken[w] | _trying[w];
            if (w == words - 1 && Stock % 64 != 0) busy |= ulong.MaxValue << (Stock % 64); // bits past the stock
            if (busy != ulong.MaxValue) return w * 64 + BitOperations.TrailingZeroCount(~busy) + 1;
        }
        throw new InvalidOperationException("No free unit although the counts said there was one.");
    }

    private void MarkTaken(int unit)
    {
        if (IsSet(_taken, unit - 1)) return;
        Set(_taken, unit - 1);
        _takenCount++;
    }

    private void Unreserve(int unit)
    {
        if (!IsSet(_trying, unit - 1)) return;
        _trying[(unit - 1) / 64] &= ~(1UL << ((unit - 1) % 64));
        _tryingCount--;
    }

    private void Signal()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    private static bool IsSet(ulong[] bits, int bit) => (bits[bit / 64] & (1UL << (bit % 64))) != 0;
    private static void Set(ulong[] bits, int bit) => bits[bit / 64] |= 1UL << (bit % 64);
}

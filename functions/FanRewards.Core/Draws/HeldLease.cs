namespace FanRewards.Core.Draws;

/// <summary>
/// A step lease this worker holds: renewed in the background every <see cref="DrawOptions.LeaseRenewal"/>, whatever
/// the step is waiting for (one storage page of a large partition can take longer than a renewal period), so the lease
/// lapses only when the worker dies. When a renewal finds the lease taken over, <see cref="Token"/> is cancelled and the
/// step stops. Disposing it after a failure gives the lease back, so the retried message can run the step at once;
/// after the caller's own cancellation (the host going away) it does not, and the lease lapses as after a death.
/// </summary>
internal sealed class HeldLease : IAsyncDisposable
{
    private readonly IDrawStore _draws;
    private readonly TimeProvider _clock;
    private readonly DrawOptions _options;
    private readonly CancellationToken _caller;
    private readonly CancellationTokenSource _work;
    private readonly CancellationTokenSource _stopRenewing = new();
    private readonly Task _renewing;
    private StepLease _lease;
    private bool _finished;
    private volatile bool _lost;

    private HeldLease(IDrawStore draws, TimeProvider clock, DrawOptions options, StepLease lease, string runId, CancellationToken ct)
    {
        (_draws, _clock, _options, _lease, _caller, RunId) = (draws, clock, options, lease, ct, runId);
        _work = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _renewing = RenewAsync();
    }

    /// <summary>Cancelled when the caller cancels or the lease is lost.</summary>
    public CancellationToken Token => _work.Token;

    /// <summary>Another worker took the lease over: this one must stop and write nothing more.</summary>
    public bool Lost => _lost;

    public string RunId { get; }

    /// <summary>
    /// Takes the step's lease unless it is done or a live worker holds it (or another taker wins the ETag race): null
    /// then, and the caller leaves the step alone.
    /// </summary>
    public static async Task<HeldLease?> TakeAsync(IDrawStore draws, TimeProvider clock, DrawOptions options, DrawRecord draw, int? bucket,
        DrawPhase phase, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var lease = await draws.FindLeaseAsync(draw.CampaignId, draw.DrawId, bucket, phase, ct) ?? StepLease.New(draw, bucket, phase);
        if (lease.Done || lease.IsHeldAt(now)) return null;
        var runId = Guid.NewGuid().ToString("N");
        var taken = await draws.TryWriteLeaseAsync(lease with { Holder = runId, TakenAt = now, Expires = now + options.LeaseDuration }, ct);
        return taken is null ? null : new HeldLease(draws, clock, options, taken, runId, ct);
    }

    /// <summary>Gives the lease back, with <paramref name="done"/> recorded for a shard whose done marker is written.</summary>
    public async Task ReleaseAsync(bool done, CancellationToken ct)
    {
        await StopRenewingAsync();
        _finished = true;
        if (_lost) return;
        // Lost meanwhile (false): the new holder's row stands.
        await WriteOwnAsync(lease => lease with { Holder = null, Expires = null, Done = done || lease.Done }, ct);
    }

    /// <summary>
    /// Writes a change to the lease while this run holds it; false when another run took it. A write whose answer was
    /// lost may still have landed and moved the ETag: a lease that still names this run is re-read and written again.
    /// </summary>
    private async Task<bool> WriteOwnAsync(Func<StepLease, StepLease> change, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await _draws.TryWriteLeaseAsync(change(_lease), ct) is { } written)
            {
                _lease = written;
                return true;
            }
            var stored = await _draws.FindLeaseAsync(_lease.CampaignId, _lease.DrawId, _lease.Bucket, _lease.Phase, ct);
            if (stored?.Holder != RunId) return false;
            _lease = stored;
        }
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await StopRenewingAsync();
        if (!_finished && !_lost && !_caller.IsCancellationRequested)
        {
            try
            {
                await ReleaseAsync(done: false, CancellationToken.None);
            }
            catch (Exception)
            {
                // Best effort: a lease not given back lapses on its own.
            }
        }
        _work.Dispose();
        _stopRenewing.Dispose();
    }

    private async Task StopRenewingAsync()
    {
        if (!_stopRenewing.IsCancellationRequested) await _stopRenewing.CancelAsync();
        await _renewing;
    }

    private async Task RenewAsync()
    {
        await Task.Yield();
        while (true)
        {
            try
            {
                await Task.Delay(_options.LeaseRenewal, _clock, _stopRenewing.Token);
                // Not cancelled by the stop: a conditional write cut off half-way would leave its new ETag unknown.
                if (await WriteOwnAsync(lease => lease with { Expires = _clock.GetUtcNow() + _options.LeaseDuration }, _caller)) continue;
                _lost = true;
            }
            catch (OperationCanceledException) when (_stopRenewing.IsCancellationRequested)
            {
                return;
            }
            catch (Exception) when (_lease.Expires > _clock.GetUtcNow())
            {
                // A storage hiccup: the lease is still ours until it expires; the next renewal tries again.
                continue;
            }
            catch (Exception)
            {
                // Could not renew before the lease ran out: someone may take it over now, so stop as if it were lost.
                _lost = true;
            }
            await _work.CancelAsync();
            return;
        }
    }
}

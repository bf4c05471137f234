namespace FanRewards.Storage;

/// <summary>
/// Runs a setup step (creating tables or queues) once per process: concurrent callers share the run, and a run that
/// failed (storage not reachable yet) is tried again by the next caller instead of failing every later call.
/// </summary>
internal sealed class OnceUntilDone(Func<Task> run)
{
    private readonly Lock _gate = new();
    private Task? _running;

    public Task WaitAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            if (_running is null || _running.IsFaulted || _running.IsCanceled) _running = run();
            return _running.WaitAsync(ct);
        }
    }
}

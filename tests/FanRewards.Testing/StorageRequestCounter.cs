using Azure.Core;
using Azure.Core.Pipeline;

namespace FanRewards.Testing;

/// <summary>
/// Counts the requests a storage client sends (add it with <c>options.AddPolicy(counter, HttpPipelinePosition.PerCall)</c>):
/// GETs are reads, everything else a write; a batch transaction is one write. Tests use it to show what a path costs.
/// </summary>
public sealed class StorageRequestCounter : HttpPipelinePolicy
{
    private int _reads;
    private int _writes;
    public int Reads => Volatile.Read(ref _reads);
    public int Writes => Volatile.Read(ref _writes);

    public void Reset() => (_reads, _writes) = (0, 0);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void Count(HttpMessage message)
    {
        if (message.Request.Method == RequestMethod.Get) Interlocked.Increment(ref _reads);
        else Interlocked.Increment(ref _writes);
    }
}

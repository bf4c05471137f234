using Azure.Core;
using Azure.Core.Pipeline;

namespace FanRewards.LoadDriver;

/// <summary>A pipeline policy that looks at every request before passing it on: the benchmarks' storage counters.</summary>
internal abstract class CountingPolicy : HttpPipelinePolicy
{
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

    protected abstract void Count(HttpMessage message);
}

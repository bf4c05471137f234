using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;

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

    /// <summary>A table client whose every request passes this counter: registered before the app's own, the DevHost takes it.</summary>
    public TableServiceClient CountedTables(string connectionString)
    {
        var options = new TableClientOptions();
        options.AddPolicy(this, HttpPipelinePosition.PerCall);
        return new TableServiceClient(connectionString, options);
    }
}

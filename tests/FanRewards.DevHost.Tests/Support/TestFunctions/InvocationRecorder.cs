using System.Collections.Concurrent;

namespace FanRewards.DevHost.Tests.Support.TestFunctions;

/// <summary>What the test functions saw, registered per DevHost so that tests read their own host's runs.</summary>
public sealed class InvocationRecorder
{
    private readonly ConcurrentQueue<Invocation> _invocations = new();

    public void Record(string function, params object?[] arguments) => _invocations.Enqueue(new(function, arguments));

    public IReadOnlyList<Invocation> Of(string function) => _invocations.Where(i => i.Function == function).ToList();
}

public sealed record Invocation(string Function, object?[] Arguments);

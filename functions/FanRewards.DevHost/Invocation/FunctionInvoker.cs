using System.Diagnostics;
using System.Reflection;
using FanRewards.DevHost.Discovery;

namespace FanRewards.DevHost.Invocation;

/// <summary>
/// Calls one function the way the worker does: a new instance of its class per invocation, built with
/// constructor injection from the invocation's service scope, and logs the outcome and duration.
/// </summary>
internal sealed partial class FunctionInvoker(IServiceScopeFactory scopes, ILogger<FunctionInvoker> logger)
{
    /// <summary>The scope of every log line of one invocation: one small object, where a dictionary per request cost several.</summary>
    private static readonly Func<ILogger, string, Guid, IDisposable?> InvocationScope =
        LoggerMessage.DefineScope<string, Guid>("Function {FunctionName}, invocation {InvocationId}");

    /// <summary>Invokes in a service scope of its own (queue and timer triggers).</summary>
    public async Task<object?> InvokeAsync<TTrigger>(
        FunctionMethod<TTrigger> function, TTrigger trigger, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await InvokeAsync(function, trigger, scope.ServiceProvider, cancellationToken);
    }

    /// <summary>Invokes with the given scope's services (an HTTP request's).</summary>
    public async Task<object?> InvokeAsync<TTrigger>(
        FunctionMethod<TTrigger> function, TTrigger trigger, IServiceProvider services,
        CancellationToken cancellationToken)
    {
        var invocationId = Guid.NewGuid();
        using var _ = InvocationScope(logger, function.Name, invocationId);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var returned = function.Method.Invoke(
                function.CreateInstance(services), BindingFlags.DoNotWrapExceptions, binder: null,
                function.BindArguments(trigger, cancellationToken), culture: null);
            var result = await function.AwaitResultAsync(returned);
            LogSucceeded(function.Name, invocationId, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogCancelled(function.Name, invocationId, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
        catch (Exception exception)
        {
            LogFailed(exception, function.Name, invocationId, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Executed '{FunctionName}' (Succeeded, Id={InvocationId}, Duration={DurationMs:0}ms)")]
    private partial void LogSucceeded(string functionName, Guid invocationId, double durationMs);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Executed '{FunctionName}' (Cancelled, Id={InvocationId}, Duration={DurationMs:0}ms)")]
    private partial void LogCancelled(string functionName, Guid invocationId, double durationMs);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Executed '{FunctionName}' (Failed, Id={InvocationId}, Duration={DurationMs:0}ms)")]
    private partial void LogFailed(Exception exception, string functionName, Guid invocationId, double durationMs);
}

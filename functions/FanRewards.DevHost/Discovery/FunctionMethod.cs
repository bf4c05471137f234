using System.Reflection;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace FanRewards.DevHost.Discovery;

/// <summary>Produces one argument of a function call from what triggered it.</summary>
internal delegate object? ArgumentSource<in TTrigger>(TTrigger trigger, CancellationToken cancellationToken);

/// <summary>
/// A function method with everything needed to call it decided at startup: how each parameter is bound and
/// how its result is awaited. A parameter nothing can bind fails discovery, so that no function runs in the
/// Functions host but breaks in the DevHost (or the other way round).
/// </summary>
internal sealed class FunctionMethod<TTrigger>
{
    private readonly ArgumentSource<TTrigger>[] _arguments;
    private readonly Func<object?, Task<object?>> _awaitResult;
    private readonly ObjectFactory? _createInstance;

    private FunctionMethod(
        string name, MethodInfo method, ArgumentSource<TTrigger>[] arguments, Func<object?, Task<object?>> awaitResult)
    {
        Name = name;
        Method = method;
        _arguments = arguments;
        _awaitResult = awaitResult;
        _createInstance = method.IsStatic ? null : ActivatorUtilities.CreateFactory(method.DeclaringType!, []);
    }

    public string Name { get; }

    public MethodInfo Method { get; }

    /// <param name="bindTriggerParameter">
    /// Binds a parameter the trigger kind knows (the trigger itself, its binding data), or returns null.
    /// </param>
    public static FunctionMethod<TTrigger> Create(
        string name, MethodInfo method, Func<ParameterInfo, ArgumentSource<TTrigger>?> bindTriggerParameter)
    {
        RejectOutputBindings(name, method);
        var arguments = method.GetParameters()
            .Select(parameter => parameter.ParameterType == typeof(CancellationToken)
                ? (_, cancellationToken) => cancellationToken
                : bindTriggerParameter(parameter) ?? throw Unbindable(name, method, parameter))
            .ToArray();
        return new FunctionMethod<TTrigger>(name, method, arguments, ResultAwaiter(method.ReturnType));
    }

    /// <summary>A new instance of the function's class, its constructor injected from <paramref name="services"/>; null for a static function.</summary>
    public object? CreateInstance(IServiceProvider services) => _createInstance?.Invoke(services, arguments: null);

    public object?[] BindArguments(TTrigger trigger, CancellationToken cancellationToken) =>
        Array.ConvertAll(_arguments, source => source(trigger, cancellationToken));

    /// <summary>The function's result once it completed: null for void, Task and ValueTask.</summary>
    public Task<object?> AwaitResultAsync(object? returned) => _awaitResult(returned);

    private static InvalidFunctionException Unbindable(string name, MethodInfo method, ParameterInfo parameter) =>
        new(name, method,
            $"the DevHost cannot bind parameter '{parameter.Name}' of type {parameter.ParameterType.Name}. "
            + "Use a type the trigger binds, a CancellationToken, or (HTTP) a route parameter of the same name.");

    private static void RejectOutputBindings(string name, MethodInfo method)
    {
        var returned = UnwrapAwaitable(method.ReturnType);
        var outputs = method.ReturnParameter.GetCustomAttributes<OutputBindingAttribute>()
            .Concat(returned?.GetProperties().SelectMany(p => p.GetCustomAttributes<OutputBindingAttribute>()) ?? []);
        if (outputs.Any())
        {
            throw new InvalidFunctionException(name, method, "output bindings are not served by the DevHost; "
                + "write through an injected client instead, so that both hosts run the same code.");
        }
    }

    private static Type? UnwrapAwaitable(Type returnType)
    {
        if (returnType == typeof(void) || returnType == typeof(Task) || returnType == typeof(ValueTask))
        {
            return null;
        }

        return returnType.IsGenericType
               && (returnType.GetGenericTypeDefinition() == typeof(Task<>)
                   || returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
            ? returnType.GetGenericArguments()[0]
            : returnType;
    }

    private static Func<object?, Task<object?>> ResultAwaiter(Type returnType)
    {
        if (returnType == typeof(Task))
        {
            return async returned =>
            {
                await (Task)returned!;
                return null;
            };
        }

        if (returnType == typeof(ValueTask))
        {
            return async returned =>
            {
                await (ValueTask)returned!;
                return null;
            };
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var result = returnType.GetProperty(nameof(Task<object>.Result))!;
            return async returned =>
            {
                await (Task)returned!;
                return result.GetValue(returned);
            };
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            var asTask = returnType.GetMethod(nameof(ValueTask<object>.AsTask))!;
            var result = asTask.ReturnType.GetProperty(nameof(Task<object>.Result))!;
            return async returned =>
            {
                var task = (Task)asTask.Invoke(returned, null)!;
                await task;
                return result.GetValue(task);
            };
        }

        return Task.FromResult;
    }
}

using System.Reflection;

namespace FanRewards.DevHost.Discovery;

/// <summary>A function the DevHost refuses at startup because it could not run it as the Functions host does.</summary>
public sealed class InvalidFunctionException(string functionName, MethodInfo method, string problem)
    : InvalidOperationException($"Function '{functionName}' ({method.DeclaringType?.FullName}.{method.Name}): {problem}")
{
    public string FunctionName { get; } = functionName;
}

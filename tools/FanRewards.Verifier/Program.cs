using System.Text;
using FanRewards.Verifier;

Console.OutputEncoding = Encoding.UTF8;
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
try
{
    return await VerifierCommand.RunAsync(args, Console.Out, Console.Error, cancellationToken: cancel.Token);
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("Cancelled (or timed out).");
    return VerifierCommand.Error;
}

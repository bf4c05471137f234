using System.Text;
using Azure.Storage.Queues;
using FanRewards.DevHost.Tests.Support.TestFunctions;
using FanRewards.Testing;
using Microsoft.Extensions.Configuration;

namespace FanRewards.DevHost.Tests.Queues;

[Collection(AzuriteCollection.Name)]
public sealed class QueueFunctionTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private DevHostApp _devHost = null!;

    public async Task InitializeAsync() =>
        _devHost = await TestDevHost.StartAsync(azurite.ConnectionString, [typeof(QueueTestFunctions)]);

    public async Task DisposeAsync() => await _devHost.DisposeAsync();

    [Fact]
    public async Task A_base64_message_is_bound_as_json_with_its_binding_data_and_deleted_after_success()
    {
        var queue = Queue(QueueTestFunctions.WorkQueueSetting);
        var sent = await queue.SendMessageAsync(
            Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"campaignId":"lantern-2026","tickets":3}""")));

        await Poll.UntilAsync(() => _devHost.Recorder().Of("DoWork").Count == 1, Deadline, "DoWork to run");
        await Poll.UntilAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
            Deadline, "the message to be deleted");

        var arguments = _devHost.Recorder().Of("DoWork").Single().Arguments;
        Assert.Equal(new WorkOrder("lantern-2026", 3), arguments[0]);
        Assert.Equal(1L, arguments[1]);
        Assert.Equal(sent.Value.MessageId, arguments[2]);
        Assert.Equal(sent.Value.InsertionTime, arguments[3]);
    }

    [Fact]
    public async Task A_message_that_always_fails_moves_to_the_poison_queue_after_exactly_five_tries()
    {
        var queue = Queue(QueueTestFunctions.FailingQueueSetting);
        var poison = new QueueClient(azurite.ConnectionString, queue.Name + "-poison");
        var body = Convert.ToBase64String(Encoding.UTF8.GetBytes("draw lantern-2026"));
        await queue.SendMessageAsync(body);

        await Poll.UntilAsync(async () => (await poison.PeekMessagesAsync()).Value.Length == 1,
            Deadline, "the message in the poison queue");

        Assert.Equal(body, (await poison.PeekMessagesAsync()).Value.Single().Body.ToString());
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        var tries = _devHost.Recorder().Of("AlwaysFail");
        Assert.Equal([1, 2, 3, 4, 5], tries.Select(t => (int)t.Arguments[1]!));
        Assert.All(tries, t => Assert.Equal("draw lantern-2026", t.Arguments[0]));
    }

    /// <summary>A raw client, sending what it is given as the message text, as another producer would.</summary>
    private QueueClient Queue(string queueNameSetting) =>
        new(azurite.ConnectionString, _devHost.Application.Configuration[queueNameSetting]);
}

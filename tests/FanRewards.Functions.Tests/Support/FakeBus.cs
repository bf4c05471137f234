using Azure.Messaging.ServiceBus;
using Moq;

namespace FanRewards.Functions.Tests.Support;

/// <summary>
/// A ServiceBusSender mocked with Moq whose batches come from ServiceBusModelFactory, so the test sees which messages
/// each send carried, can cap a batch, and can make a send fail.
/// </summary>
public sealed class FakeBus
{
    private readonly Dictionary<ServiceBusMessageBatch, List<ServiceBusMessage>> _contents = new(ReferenceEqualityComparer.Instance);
    private readonly Mock<ServiceBusSender> _mock = new(MockBehavior.Strict);

    public FakeBus()
    {
        _mock.Setup(s => s.CreateMessageBatchAsync(It.IsAny<CancellationToken>())).Returns(() =>
        {
            var store = new List<ServiceBusMessage>();
            var batch = ServiceBusModelFactory.ServiceBusMessageBatch(256 * 1024, store, tryAddCallback: _ => store.Count < BatchCapacity);
            _contents[batch] = store;
            return new ValueTask<ServiceBusMessageBatch>(batch);
        });
        _mock.Setup(s => s.SendMessagesAsync(It.IsAny<ServiceBusMessageBatch>(), It.IsAny<CancellationToken>()))
            .Callback((ServiceBusMessageBatch batch, CancellationToken _) =>
            {
                SendCalls++;
                var messages = _contents[batch].ToList();
                Attempted.AddRange(messages);
                if (FailSend(SendCalls))
                    throw new ServiceBusException("The namespace is unreachable.", ServiceBusFailureReason.ServiceCommunicationProblem);
                Delivered.AddRange(messages);
            })
            .Returns(Task.CompletedTask);
    }

    public ServiceBusSender Sender => _mock.Object;
    public int BatchCapacity { get; init; } = 100;
    public Func<int, bool> FailSend { get; set; } = _ => false;
    public int SendCalls { get; private set; }
    /// <summary>Every message of every send, the failed ones too.</summary>
    public List<ServiceBusMessage> Attempted { get; } = [];
    /// <summary>The messages of the sends that succeeded, in order.</summary>
    public List<ServiceBusMessage> Delivered { get; } = [];
}

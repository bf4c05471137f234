// Service Bus namespace with the outbound events topic and one subscription. Duplicate detection is on: the outbox
// publisher resends an event with the same MessageId after a crash, and Service Bus drops the second copy.
param name string
param location string
param tags object = {}
param topicName string
param subscriptionName string

@description('The CloudEvent types the subscription receives (a SQL filter on the message property type); empty: every event.')
param subscriptionEventTypes array = []

@description('How long Service Bus remembers a MessageId for duplicate detection (ISO 8601).')
param duplicateDetectionWindow string = 'PT1H'

@description('False behind a private endpoint (main.bicep networkIsolation), which needs the Premium tier.')
param publicNetworkAccess bool = true

// Private endpoints exist on Premium only: isolation buys a Premium messaging unit (docs in README, Deploy to Azure).
var sku = publicNetworkAccess ? 'Standard' : 'Premium'

resource namespace 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
    tier: sku
    capacity: sku == 'Premium' ? 1 : null
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: publicNetworkAccess ? 'Enabled' : 'Disabled'
  }
}

resource topic 'Microsoft.ServiceBus/namespaces/topics@2022-10-01-preview' = {
  parent: namespace
  name: topicName
  properties: {
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
    defaultMessageTimeToLive: 'P14D'
    enablePartitioning: false
    supportOrdering: true
  }
}

resource subscription 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2022-10-01-preview' = {
  parent: topic
  name: subscriptionName
  properties: {
    maxDeliveryCount: 10
    deadLetteringOnMessageExpiration: true
    lockDuration: 'PT1M'
  }
}

// Replaces the catch-all rule Service Bus gives a new subscription: only the listed types reach it. The outbox
// publisher sets the property type to the CloudEvent type (docs/EVENTS.md).
resource subscriptionFilter 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2022-10-01-preview' = if (!empty(subscriptionEventTypes)) {
  parent: subscription
  name: '$Default'
  properties: {
    filterType: 'SqlFilter'
    sqlFilter: {
      sqlExpression: 'user.type IN (${join(map(subscriptionEventTypes, eventType => '\'${eventType}\''), ', ')})'
    }
  }
}

output id string = namespace.id
output name string = namespace.name
output topicId string = topic.id
output topicName string = topic.name
output subscriptionName string = subscription.name
// The host name the SDK wants (ServiceBusClient(fullyQualifiedNamespace, credential)).
output fullyQualifiedNamespace string = '${namespace.name}.servicebus.windows.net'

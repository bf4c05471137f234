// Data-plane roles for the Function App's identity: only what it uses, each on the narrowest scope that holds it.
// Every assignment is keyed guid(scope id, identity id, role id), so a redeploy finds the same assignment instead of a
// conflicting one. tests/FanRewards.Functions.Tests/InfraLeastPrivilegeTests.cs reads this file: no Owner role, no
// account-wide blob role (an app able to write any container could rewrite the web pages of the static website).
@description('The user-assigned identity that receives the roles.')
param identityName string
param storageAccountName string
@description('The blob containers the app uses: its deployment package and the Functions host\'s own (locks, keys).')
param blobContainerNames string[]
param serviceBusNamespaceName string
param serviceBusTopicName string
param keyVaultName string
param applicationInsightsName string

var roles = {
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

// Tables (all state) and queues (draws, background steps, the host's own): on the account, because the app creates
// its tables and queues itself (names with the configured prefix) and nothing else lives in them.
var accountWideStorageRoles = [
  roles.storageTableDataContributor
  roles.storageQueueDataContributor
]

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

// The principal id is known only once the identity exists, and a role assignment's name must be known at the start
// of the deployment: key by the identity's resource id, which names the same principal.
var principalId = identity.properties.principalId

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = [
  for containerName in blobContainerNames: {
    parent: storage::blobService
    name: containerName
  }
]

resource serviceBus 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' existing = {
  name: serviceBusNamespaceName

  resource topic 'topics' existing = {
    name: serviceBusTopicName
  }
}

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource storageRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in accountWideStorageRoles: {
    name: guid(storage.id, identity.id, roleId)
    scope: storage
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

// Blobs: read and write in the app's own containers only (Flex Consumption writes and reads the package in the
// deployment container with this identity; the host keeps timer locks and its keys in the other two).
resource containerRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (containerName, i) in blobContainerNames: {
    name: guid(containers[i].id, identity.id, roles.storageBlobDataContributor)
    scope: containers[i]
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    }
  }
]

// Service Bus: send, to the events topic only (no receive, no manage, no other entity).
resource topicRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in [roles.serviceBusDataSender]: {
    name: guid(serviceBus::topic.id, identity.id, roleId)
    scope: serviceBus::topic
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

// Key Vault: read secret values (the Key Vault references), in the vault that holds only this app's signing keys;
// on the vault rather than on one secret, so that a second key for a rotation (entrants-hmac-key-1) needs no new role.
resource keyVaultRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in [roles.keyVaultSecretsUser]: {
    name: guid(keyVault.id, identity.id, roleId)
    scope: keyVault
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

// Application Insights accepts only Entra-authenticated telemetry (DisableLocalAuth): publish, nothing else.
resource monitoringRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in [roles.monitoringMetricsPublisher]: {
    name: guid(applicationInsights.id, identity.id, roleId)
    scope: applicationInsights
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

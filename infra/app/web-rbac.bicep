// The static-website deployment script's identity may change the storage account's Blob service properties.
@description('The user-assigned identity that receives the role.')
param identityName string
param storageAccountName string

var storageAccountContributor = '17d1049b-9a84-46fb-8f53-869881c3d3ab'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

// The principal id is known only once the identity exists, and a role assignment's name must be known at the start
// of the deployment: key by the identity's resource id, which names the same principal.
var principalId = identity.properties.principalId

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource storageAccountContributorAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in [storageAccountContributor]: {
    name: guid(storage.id, identity.id, roleId)
    scope: storage
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

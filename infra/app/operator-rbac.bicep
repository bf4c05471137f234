// Roles for the person running azd (AZURE_PRINCIPAL_ID): write the signing-key secret and upload the web pages, in
// the '$web' container only (not the app's state or its deployment package).
param principalId string
param webStorageAccountName string
param keyVaultName string

var keyVaultSecretsOfficer = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: webStorageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource web 'containers' existing = {
      name: '$web'
    }
  }
}

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource storageAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in [storageBlobDataContributor]: {
    name: guid(storage::blobService::web.id, principalId, roleId)
    scope: storage::blobService::web
    properties: {
      principalId: principalId
      principalType: 'User'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

resource keyVaultAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in [keyVaultSecretsOfficer]: {
    name: guid(keyVault.id, principalId, roleId)
    scope: keyVault
    properties: {
      principalId: principalId
      principalType: 'User'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

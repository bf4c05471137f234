// Key Vault for the entrant-token signing keys. RBAC authorisation only (the Function App gets Key Vault Secrets User).
// Soft delete with purge protection: a deleted key (or vault) can be recovered for the retention period and nobody,
// not even an Owner, can purge it before then. Purge protection cannot be turned off again, and the vault's name stays
// taken while a deleted vault is retained (azd down, then azd up with the same environment name: recover it instead).
param name string
param location string
param tags object = {}

@description('Name of the secret holding the first entrant-token HMAC key (base64, 32 bytes or more).')
param hmacKeySecretName string

@secure()
@description('Value of that secret. Empty: the secret is not written here (set it with az keyvault secret set).')
param hmacKey string = ''

@minValue(7)
@maxValue(90)
@description('Days a deleted secret or vault is kept before it is purged. Fixed once the vault exists.')
param softDeleteRetentionInDays int = 7

@description('False behind a private endpoint (main.bicep networkIsolation).')
param publicNetworkAccess bool = true

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    enablePurgeProtection: true
    publicNetworkAccess: publicNetworkAccess ? 'Enabled' : 'Disabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: publicNetworkAccess ? 'Allow' : 'Deny'
    }
  }
}

resource hmacKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(hmacKey)) {
  parent: vault
  name: hmacKeySecretName
  properties: {
    value: hmacKey
    contentType: 'base64'
  }
}

output id string = vault.id
output name string = vault.name
output uri string = vault.properties.vaultUri

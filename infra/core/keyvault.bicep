// Key Vault for the entrant-token signing keys. RBAC authorisation only (the Function App gets Key Vault Secrets User).
param name string
param location string
param tags object = {}

@description('Name of the secret holding the first entrant-token HMAC key (base64, 32 bytes or more).')
param hmacKeySecretName string

@secure()
@description('Value of that secret. Empty: the secret is not written here (set it with az keyvault secret set).')
param hmacKey string = ''

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
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
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

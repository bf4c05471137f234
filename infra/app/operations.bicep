// For the operator on the night (#15): an Azure Monitor workbook (operations-workbook.json, the serialized workbook)
// over the telemetry the Function App already sends, and log alert rules for a stuck draw, a growing outbox and a
// burst of 5xx answers. tests/FanRewards.Functions.Tests/InfraWorkbookTests.cs checks that the metric, span,
// function and log names the queries use are the ones the code emits.
param location string
param tags object = {}
param applicationInsightsName string
@description('Names the workbook and the alert rules.')
param environmentName string

@description('E-mail address the alerts go to. Empty: no action group; the alerts show in the portal only.')
param alertEmail string = ''

@description('A draw that started and has had no draw span (start, shard scan or merge) for this many minutes is stuck.')
param stuckDrawMinutes int = 20

@description('A campaign whose outbox backlog (fanrewards.outbox.backlog) stays above this for 15 minutes: the outbox is growing. Below the publisher\'s run limit (500): the gauge reads 501 for "more than a run takes".')
param outboxBacklogThreshold int = 200

@description('Requests answered with a 5xx within 5 minutes above this: a burst.')
param serverErrorBurstThreshold int = 20

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(applicationInsights.id, 'fanrewards-operations-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: 'FanRewards on the night (${environmentName})'
    category: 'workbook'
    sourceId: toLower(applicationInsights.id)
    serializedData: replace(loadTextContent('operations-workbook.json'), '__APPLICATION_INSIGHTS_ID__', applicationInsights.id)
  }
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmail)) {
  name: 'ag-fanrewards-${environmentName}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'fanrewards'
    enabled: true
    emailReceivers: [
      {
        name: 'operator'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

// A draw whose last span (start, shard scan, merge) is older than the limit and that has not merged.
var stuckDrawQuery = replace('''
dependencies
| where name in ("draw.start", "draw.shard", "draw.merge")
| extend campaign = tostring(customDimensions["campaign.id"]), draw = tostring(customDimensions["draw.id"])
| summarize lastSpanAt = max(timestamp), merged = countif(name == "draw.merge" and success == true) by campaign, draw
| where merged == 0 and lastSpanAt < ago({minutes}m)
''', '{minutes}', string(stuckDrawMinutes))

// The outbox publisher fails run after run, or a campaign's backlog (the gauge each outbox run sets from what it read)
// stays above the threshold in every 5-minute period of the last 15 minutes.
var growingOutboxQuery = replace('''
let failedRuns = toscalar(traces | where timestamp > ago(15m) | where message has "Outbox publishing stopped" | count);
customMetrics
| where timestamp > ago(15m)
| where name == "fanrewards.outbox.backlog"
| extend campaign = tostring(customDimensions["campaign"])
| summarize backlog = max(valueMax) by bin(timestamp, 5m), campaign
| summarize lowest = min(backlog), periods = count() by campaign
| where periods >= 3 and lowest > {threshold}
| project campaign, lowest, failedRuns = 0
| union (print campaign = "", lowest = 0.0, failedRuns = coalesce(failedRuns, 0) | where failedRuns >= 3)
''', '{threshold}', string(outboxBacklogThreshold))

var serverErrorQuery = '''
requests
| where toint(resultCode) >= 500
'''

var alerts = [
  {
    key: 'stuck-draw'
    description: 'A draw started and has shown no progress (no shard scan or merge) for ${stuckDrawMinutes} minutes.'
    severity: 1
    query: stuckDrawQuery
    frequency: 'PT5M'
    window: 'PT6H'
    threshold: 0
  }
  {
    key: 'growing-outbox'
    description: 'Outbox events are not leaving: repeated publishing failures, or a campaign with more than ${outboxBacklogThreshold} events waiting for 15 minutes.'
    severity: 2
    query: growingOutboxQuery
    frequency: 'PT5M'
    window: 'PT30M'
    threshold: 0
  }
  {
    key: 'server-errors'
    description: 'More than ${serverErrorBurstThreshold} requests answered with a 5xx in 5 minutes.'
    severity: 1
    query: serverErrorQuery
    frequency: 'PT1M'
    window: 'PT5M'
    threshold: serverErrorBurstThreshold
  }
]

resource alertRules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for alert in alerts: {
    name: 'alert-fanrewards-${alert.key}-${environmentName}'
    location: location
    tags: tags
    properties: {
      displayName: 'FanRewards ${alert.key} (${environmentName})'
      description: alert.description
      severity: alert.severity
      enabled: true
      scopes: [applicationInsights.id]
      evaluationFrequency: alert.frequency
      windowSize: alert.window
      autoMitigate: true
      criteria: {
        allOf: [
          {
            query: alert.query
            timeAggregation: 'Count'
            operator: 'GreaterThan'
            threshold: alert.threshold
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      actions: {
        actionGroups: empty(alertEmail) ? [] : [actionGroup.id]
      }
    }
  }
]

output workbookId string = workbook.id

// Alerts over Application Insights (the host's and the app's telemetry), e-mailed through one
// action group. Without an e-mail the alerts still fire and show in the portal (Monitor > Alerts);
// only the action group is left out.

param location string
param tags object
param resourceToken string
@description('Resource id of the Application Insights component the log alerts query.')
param applicationInsightsId string
@description('Where alerts are e-mailed; empty: no action group.')
param alertEmail string
@minValue(1)
@maxValue(100)
@description('Share of failed (5xx) requests in 15 minutes, in percent, that raises the HTTP alert.')
param http5xxPercent int = 1

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmail)) {
  name: 'ag-kabinet-${resourceToken}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'kabinet'
    enabled: true
    emailReceivers: [
      {
        name: 'operators'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

// Each alert: a log query whose rows are the trouble (any row fires), stateful, so a condition
// that lasts is one e-mail and it resolves itself once the rows are gone.
var rules = [
  {
    name: 'poison-queue'
    displayName: 'Kabinet: a message reached a poison queue'
    description: 'The Functions host moved a queue message to <queue>-poison after maxDequeueCount (host.json) failed attempts. See GET /api/operator/queues; replay with POST /api/operator/queues/{queue}/poison/replay once the cause is fixed.'
    severity: 2
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    query: 'traces | where message has "MaxDequeueCount" and message has "-poison" | project timestamp, message, operation_Name'
  }
  {
    name: 'http-5xx'
    displayName: 'Kabinet: HTTP 5xx responses'
    description: 'At least ${http5xxPercent} % of the requests in 15 minutes answered 5xx (no request should).'
    severity: 1
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    query: 'requests | summarize total = count(), failed = countif(toint(resultCode) >= 500) | where failed > 0 and failed * 100.0 / total >= ${http5xxPercent}'
  }
  {
    name: 'billing-run-failed-parked'
    displayName: 'Kabinet: a billing run finished with failed or parked accounts'
    description: 'A billing run finished, but some accounts failed or were parked: see the run in the operator API.'
    severity: 2
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    // The app logs "Billing run {RunId} finished with {Failed} failed and {Parked} parked accounts"
    // (a warning, only when either count is above zero).
    query: 'traces | where message startswith "Billing run" and message has "finished with" | where toint(customDimensions.Failed) > 0 or toint(customDimensions.Parked) > 0 | project timestamp, message'
  }
  {
    name: 'payment-unknown'
    displayName: 'Kabinet: a payment has been unknown for over an hour'
    description: 'The gateway has not told the outcome of a payment for an hour or more, and the re-check timer has not settled it.'
    severity: 2
    evaluationFrequency: 'PT15M'
    windowSize: 'PT1H'
    // The re-check timer logs "Payment {PaymentId} still unknown after {Minutes} min" (a warning).
    query: 'traces | where message startswith "Payment" and message has "still unknown" | where toint(customDimensions.Minutes) >= 60 | project timestamp, message'
  }
]

resource logAlerts 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for rule in rules: {
    name: 'alert-kabinet-${rule.name}-${resourceToken}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: rule.displayName
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [
        applicationInsightsId
      ]
      evaluationFrequency: rule.evaluationFrequency
      windowSize: rule.windowSize
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: 'Count'
            operator: 'GreaterThan'
            threshold: 0
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      autoMitigate: true
      actions: {
        actionGroups: empty(alertEmail) ? [] : [
          actionGroup.id
        ]
      }
    }
  }
]

import { type ClientSchema, a, defineData } from '@aws-amplify/backend';
import { incidentLifecycle } from '../functions/incident-lifecycle/resource';
import { alertIntake } from '../functions/alert-intake/resource';
import { incidentStats } from '../functions/incident-stats/resource';
import { escalate } from '../functions/escalate/resource';

/** Who may touch an incident's internal fields: never the public API key. */
const internalField = (allow: Parameters<Parameters<ReturnType<typeof a.string>['authorization']>[0]>[0]) => [
  allow.groups(['RESPONDERS']).to(['read', 'create', 'update']),
  allow.group('ADMINS'),
];

const schema = a
  .schema({
    ServiceStatus: a.enum(['OPERATIONAL', 'DEGRADED', 'PARTIAL_OUTAGE', 'MAJOR_OUTAGE', 'MAINTENANCE']),
    Severity: a.enum(['SEV1', 'SEV2', 'SEV3', 'SEV4']),
    IncidentStatus: a.enum(['TRIGGERED', 'ACKNOWLEDGED', 'RESOLVED']),
    TimelineKind: a.enum(['TRIGGERED', 'ALERT', 'NOTE', 'ACKNOWLEDGED', 'ESCALATED', 'RESOLVED', 'ATTACHMENT']),

    Service: a
      .model({
        name: a.string().required(),
        description: a.string(),
        status: a.ref('ServiceStatus').required(),
        incidents: a.hasMany('Incident', 'serviceId'),
      })
      .authorization((allow) => [
        allow.publicApiKey().to(['read']),
        allow.authenticated().to(['read']),
        allow.group('ADMINS'),
      ]),

    Incident: a
      .model({
        title: a.string().required(),
        description: a.string().authorization(internalField),
        severity: a.ref('Severity').required(),
        status: a.ref('IncidentStatus').required(),
        serviceId: a.id().required(),
        service: a.belongsTo('Service', 'serviceId'),
        fingerprint: a.string().authorization(internalField),
        source: a.string().authorization(internalField),
        commander: a.string().authorization(internalField),
        escalationLevel: a.integer().authorization(internalField),
        alertCount: a.integer().authorization(internalField),
        triggeredAt: a.datetime().required(),
        acknowledgedAt: a.datetime(),
        resolvedAt: a.datetime(),
        resolution: a.string().authorization(internalField),
        timeline: a.hasMany('TimelineEvent', 'incidentId'),
      })
      .secondaryIndexes((index) => [
        index('status').sortKeys(['triggeredAt']).name('byStatus').queryField('listIncidentsByStatus'),
        index('serviceId').sortKeys(['triggeredAt']).name('byService').queryField('listIncidentsByService'),
        index('fingerprint').name('byFingerprint').queryField('listIncidentsByFingerprint'),
      ])
      .authorization((allow) => [
        allow.publicApiKey().to(['read']),
        allow.groups(['RESPONDERS']).to(['read', 'create', 'update']),
        allow.group('ADMINS'),
      ]),

    TimelineEvent: a
      .model({
        incidentId: a.id().required(),
        incident: a.belongsTo('Incident', 'incidentId'),
        kind: a.ref('TimelineKind').required(),
        message: a.string(),
        author: a.string(),
        attachmentKey: a.string(),
        createdAt: a.datetime(),
      })
      .secondaryIndexes((index) => [
        index('incidentId').sortKeys(['createdAt']).name('byIncident').queryField('listTimelineEventsByIncident'),
      ])
      .authorization((allow) => [
        allow.groups(['RESPONDERS']).to(['read', 'create']),
        allow.owner().to(['read', 'update', 'delete']),
        allow.group('ADMINS'),
      ]),

    IncidentCounts: a.customType({
      TRIGGERED: a.integer().required(),
      ACKNOWLEDGED: a.integer().required(),
      RESOLVED: a.integer().required(),
    }),
    SeverityCounts: a.customType({
      SEV1: a.integer().required(),
      SEV2: a.integer().required(),
      SEV3: a.integer().required(),
      SEV4: a.integer().required(),
    }),
    DurationStats: a.customType({
      count: a.integer().required(),
      meanSeconds: a.float(),
      medianSeconds: a.float(),
    }),
    IncidentStats: a.customType({
      total: a.integer().required(),
      byStatus: a.ref('IncidentCounts').required(),
      bySeverity: a.ref('SeverityCounts').required(),
      timeToAcknowledge: a.ref('DurationStats').required(),
      timeToResolve: a.ref('DurationStats').required(),
    }),


    acknowledgeIncident: a
      .mutation()
      .arguments({ incidentId: a.id().required() })
      .returns(a.ref('Incident'))
      .handler(a.handler.function(incidentLifecycle))
      .authorization((allow) => [allow.groups(['RESPONDERS', 'ADMINS'])]),

    resolveIncident: a
      .mutation()
      .arguments({ incidentId: a.id().required(), resolution: a.string().required() })
      .returns(a.ref('Incident'))
      .handler(a.handler.function(incidentLifecycle))
      .authorization((allow) => [allow.groups(['RESPONDERS', 'ADMINS'])]),

    reportAlert: a
      .mutation()
      .arguments({
        fingerprint: a.string().required(),
        serviceId: a.id().required(),
        title: a.string().required(),
        severity: a.ref('Severity').required(),
        description: a.string(),
        source: a.string(),
      })
      .returns(a.ref('Incident'))
      .handler(a.handler.function(alertIntake))
      .authorization((allow) => [allow.groups(['RESPONDERS', 'ADMINS'])]),

    addNote: a
      .mutation()
      .arguments({ incidentId: a.id().required(), message: a.string().required() })
      .returns(a.ref('TimelineEvent'))
      .handler(a.handler.custom({ dataSource: a.ref('TimelineEvent'), entry: './add-note.js' }))
      .authorization((allow) => [allow.groups(['RESPONDERS', 'ADMINS'])]),

    incidentStats: a
      .query()
      .arguments({ serviceId: a.id(), since: a.datetime() })
      .returns(a.ref('IncidentStats'))
      .handler(a.handler.function(incidentStats))
      .authorization((allow) => [allow.groups(['RESPONDERS', 'ADMINS'])]),

    // Writes inside function resolvers notify only subscriptions attached to those
    // mutations, so clients listen here as well as to onUpdateIncident. The status
    // page subscribes with the API key and selects public fields only.
    onIncidentChanged: a
      .subscription()
      .for([a.ref('acknowledgeIncident'), a.ref('resolveIncident'), a.ref('reportAlert')])
      .arguments({ serviceId: a.id() })
      .handler(a.handler.custom({ entry: './on-incident-changed.js' }))
      .authorization((allow) => [allow.groups(['RESPONDERS', 'ADMINS']), allow.publicApiKey()]),

    // addNote is a custom mutation, so onCreateTimelineEvent does not fire for it.
    onNoteAdded: a
      .subscription()
      .for(a.ref('addNote'))
      .arguments({ incidentId: a.id().required() })
      .handler(a.handler.custom({ entry: './on-note-added.js' }))
      .authorization((allow) => [allow.groups(['RESPONDERS', 'ADMINS'])]),
  })
  // Functions call the API with their own IAM role (escalate writes through AppSync
  // so that subscribers see its changes).
  .authorization((allow) => [allow.resource(escalate)]);

export type Schema = ClientSchema<typeof schema>;

export const data = defineData({
  schema,
  authorizationModes: {
    defaultAuthorizationMode: 'userPool',
    apiKeyAuthorizationMode: { expiresInDays: 365 },
  },
});

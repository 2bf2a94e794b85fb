import { type ClientSchema, a, defineData } from '@aws-amplify/backend';
import { incidentLifecycle } from '../functions/incident-lifecycle/resource';
import { alertIntake } from '../functions/alert-intake/resource';
import { incidentStats } from '../functions/incident-stats/resource';
import { escalate } from '../functions/escalate/resource';
import { serviceCatalog } from '../functions/service-catalog/resource';
import { integrations } from '../functions/integrations/resource';
import { alertQueue } from '../functions/alert-queue/resource';

/** Who may touch an incident's internal fields: never the public API key. */
const internalField = (allow: Parameters<Parameters<ReturnType<typeof a.string>['authorization']>[0]>[0]) => [
  allow.groups(['RESPONDERS']).to(['read', 'create', 'update']),
  allow.group('ADMINS'),
];

/** Responders and admins read it; the public API key never does. */
const respondersOnly = (allow: Parameters<Parameters<ReturnType<typeof a.string>['authorization']>[0]>[0]) => [
  allow.groups(['RESPONDERS']).to(['read']),
  allow.group('ADMINS'),
];

const schema = a
  .schema({
    ServiceStatus: a.enum(['OPERATIONAL', 'DEGRADED', 'PARTIAL_OUTAGE', 'MAJOR_OUTAGE', 'MAINTENANCE']),
    Severity: a.enum(['SEV1', 'SEV2', 'SEV3', 'SEV4']),
    IncidentStatus: a.enum(['TRIGGERED', 'ACKNOWLEDGED', 'RESOLVED']),
    TimelineKind: a.enum(['TRIGGERED', 'ALERT', 'NOTE', 'ACKNOWLEDGED', 'ESCALATED', 'RESOLVED', 'ATTACHMENT']),
    StatusUpdateStatus: a.enum(['INVESTIGATING', 'IDENTIFIED', 'MONITORING', 'RESOLVED']),
    IntegrationKind: a.enum(['ALERTMANAGER', 'GRAFANA', 'CLOUDWATCH_SNS', 'GENERIC']),
    AlertStatus: a.enum(['FIRING', 'RESOLVED']),

    Service: a
      .model({
        name: a.string().required(),
        description: a.string(),
        status: a.ref('ServiceStatus').required(),
        /** The heading the status page lists the service under (e.g. "Payments"). */
        group: a.string(),
        incidents: a.hasMany('Incident', 'serviceId'),
      })
      // People create and edit services through addService / editService, which keep names
      // unique; the model's own create and update stay with functions (IAM).
      .authorization((allow) => [
        allow.publicApiKey().to(['read']),
        allow.authenticated().to(['read']),
        allow.group('ADMINS').to(['read', 'delete']),
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
        communicationsLead: a.string().authorization(internalField),
        scribe: a.string().authorization(internalField),
        escalationLevel: a.integer().authorization(internalField),
        alertCount: a.integer().authorization(internalField),
        triggeredAt: a.datetime().required(),
        acknowledgedAt: a.datetime(),
        resolvedAt: a.datetime(),
        resolution: a.string().authorization(internalField),
        timeline: a.hasMany('TimelineEvent', 'incidentId'),
        statusUpdates: a.hasMany('StatusUpdate', 'incidentId'),
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

    /** What responders tell the public about an incident (the status page shows them). */
    StatusUpdate: a
      .model({
        incidentId: a.id().required(),
        incident: a.belongsTo('Incident', 'incidentId'),
        status: a.ref('StatusUpdateStatus').required(),
        message: a.string().required(),
        author: a.string().authorization(respondersOnly),
        postedAt: a.datetime().required(),
      })
      .secondaryIndexes((index) => [
        index('incidentId').sortKeys(['postedAt']).name('byIncident').queryField('listStatusUpdatesByIncident'),
      ])
      // Written through postStatusUpdate (validated, stamped); read by anyone.
      .authorization((allow) => [
        allow.publicApiKey().to(['read']),
        allow.groups(['RESPONDERS']).to(['read']),
        allow.group('ADMINS').to(['read', 'delete']),
      ]),

    /** Planned work, announced on the status page ahead of time. */
    MaintenanceWindow: a
      .model({
        title: a.string().required(),
        description: a.string(),
        startsAt: a.datetime().required(),
        endsAt: a.datetime().required(),
        serviceIds: a.id().required().array().required(),
      })
      .authorization((allow) => [
        allow.publicApiKey().to(['read']),
        allow.authenticated().to(['read']),
        allow.group('ADMINS').to(['read', 'delete']),
      ]),

    /**
     * A monitoring tool that POSTs alerts to /alerts/{id}. Made through addIntegration (which
     * keeps its token in Secrets Manager); admins enable, disable and edit it; responders read it.
     */
    Integration: a
      .model({
        name: a.string().required(),
        kind: a.ref('IntegrationKind').required(),
        serviceId: a.id().required(),
        defaultSeverity: a.ref('Severity').required(),
        enabled: a.boolean().required(),
        /** Resolve the incident when its alert resolves at the source. */
        autoResolve: a.boolean(),
        tokenIssuedAt: a.datetime(),
      })
      .authorization((allow) => [allow.groups(['RESPONDERS']).to(['read']), allow.group('ADMINS').to(['read', 'update'])]),

    /** An integration's token, shown once: nothing in the API reads it back. */
    IntegrationToken: a.customType({
      integrationId: a.id().required(),
      token: a.string().required(),
      issuedAt: a.datetime().required(),
      /** Until when the token before a rotation still works (null for a new integration). */
      previousTokenValidUntil: a.datetime(),
    }),

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
        /** RESOLVED logs the alert's resolution on its open incident (and resolves it with autoResolve). */
        status: a.ref('AlertStatus'),
        autoResolve: a.boolean(),
        /** An idempotency key (the alert queue passes the SQS message id): one alert is recorded once. */
        alertId: a.string(),
      })
      .returns(a.ref('Incident'))
      .handler(a.handler.function(alertIntake))
      .authorization((allow) => [allow.groups(['RESPONDERS', 'ADMINS'])]),

    addIntegration: a
      .mutation()
      .arguments({
        name: a.string().required(),
        kind: a.ref('IntegrationKind').required(),
        serviceId: a.id().required(),
        defaultSeverity: a.ref('Severity').required(),
        autoResolve: a.boolean(),
      })
      .returns(a.ref('IntegrationToken'))
      .handler(a.handler.function(integrations))
      .authorization((allow) => [allow.group('ADMINS')]),

    rotateIntegrationToken: a
      .mutation()
      .arguments({ id: a.id().required() })
      .returns(a.ref('IntegrationToken'))
      .handler(a.handler.function(integrations))
      .authorization((allow) => [allow.group('ADMINS')]),

    addNote: a
      .mutation()
      .arguments({ incidentId: a.id().required(), message: a.string().required() })
      .returns(a.ref('TimelineEvent'))
      .handler(a.handler.custom({ dataSource: a.ref('TimelineEvent'), entry: './add-note.js' }))
      .authorization((allow) => [allow.groups(['RESPONDERS', 'ADMINS'])]),

    addService: a
      .mutation()
      .arguments({ name: a.string().required(), description: a.string(), group: a.string(), status: a.ref('ServiceStatus') })
      .returns(a.ref('Service'))
      .handler(a.handler.function(serviceCatalog))
      .authorization((allow) => [allow.group('ADMINS')]),

    editService: a
      .mutation()
      .arguments({ id: a.id().required(), name: a.string(), description: a.string(), group: a.string(), status: a.ref('ServiceStatus') })
      .returns(a.ref('Service'))
      .handler(a.handler.function(serviceCatalog))
      .authorization((allow) => [allow.group('ADMINS')]),

    postStatusUpdate: a
      .mutation()
      .arguments({ incidentId: a.id().required(), status: a.ref('StatusUpdateStatus').required(), message: a.string().required() })
      .returns(a.ref('StatusUpdate'))
      .handler(a.handler.custom({ dataSource: a.ref('StatusUpdate'), entry: './post-status-update.js' }))
      .authorization((allow) => [allow.groups(['RESPONDERS', 'ADMINS'])]),

    scheduleMaintenance: a
      .mutation()
      .arguments({
        title: a.string().required(),
        description: a.string(),
        startsAt: a.datetime().required(),
        endsAt: a.datetime().required(),
        serviceIds: a.id().required().array().required(),
      })
      .returns(a.ref('MaintenanceWindow'))
      .handler(a.handler.custom({ dataSource: a.ref('MaintenanceWindow'), entry: './schedule-maintenance.js' }))
      .authorization((allow) => [allow.group('ADMINS')]),

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

    // The status page's live feed of what custom mutations write (model subscriptions do not
    // hear them): services added or edited, public updates, maintenance scheduled.
    onServiceChanged: a
      .subscription()
      .for([a.ref('addService'), a.ref('editService')])
      .handler(a.handler.custom({ entry: './on-published.js' }))
      .authorization((allow) => [allow.groups(['RESPONDERS', 'ADMINS']), allow.publicApiKey()]),

    onStatusUpdatePosted: a
      .subscription()
      .for(a.ref('postStatusUpdate'))
      .handler(a.handler.custom({ entry: './on-published.js' }))
      .authorization((allow) => [allow.groups(['RESPONDERS', 'ADMINS']), allow.publicApiKey()]),

    onMaintenanceScheduled: a
      .subscription()
      .for(a.ref('scheduleMaintenance'))
      .handler(a.handler.custom({ entry: './on-published.js' }))
      .authorization((allow) => [allow.groups(['RESPONDERS', 'ADMINS']), allow.publicApiKey()]),
  })
  // Functions call the API with their own IAM role (escalate writes through AppSync
  // so that subscribers see its changes).
  .authorization((allow) => [allow.resource(escalate), allow.resource(alertQueue)]);

export type Schema = ClientSchema<typeof schema>;

export const data = defineData({
  schema,
  authorizationModes: {
    defaultAuthorizationMode: 'userPool',
    apiKeyAuthorizationMode: { expiresInDays: 365 },
  },
});

/**
 * The webhook's payload normalizers, fed payloads written from each tool's documented format:
 * Alertmanager's webhook (version 4), Grafana alerting's webhook contact point, the SNS
 * notification of a CloudWatch alarm, and Flare's generic JSON.
 */
import { describe, expect, it } from 'vitest';
import { MAX_ALERTS_PER_REQUEST, normalizeAlerts, PayloadError, severityFrom } from '../../../../amplify/domain/alert-payloads';
import { TEXT_LIMITS } from '../../../../amplify/domain/text-limits';

function alertmanagerPayload(overrides: Record<string, unknown> = {}) {
  return {
    version: '4',
    groupKey: '{}/{severity="critical"}:{alertname="HighErrorRate"}',
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'flare',
    groupLabels: { alertname: 'HighErrorRate' },
    commonLabels: { alertname: 'HighErrorRate', job: 'checkout' },
    commonAnnotations: { runbook: 'https://runbooks.example/5xx' },
    externalURL: 'http://alertmanager.example:9093',
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'HighErrorRate', job: 'checkout', instance: 'web-1', severity: 'critical' },
        annotations: { summary: 'Checkout 5xx above 5%', description: '7% of requests failed in 5 minutes' },
        startsAt: '2026-12-07T10:00:00Z',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.example:9090/graph?g0.expr=...',
        fingerprint: 'c0ffee0123456789',
      },
      {
        status: 'resolved',
        labels: { alertname: 'HighErrorRate', job: 'checkout', instance: 'web-2', severity: 'warning' },
        annotations: {},
        startsAt: '2026-12-07T09:00:00Z',
        endsAt: '2026-12-07T09:30:00Z',
        generatorURL: 'http://prometheus.example:9090/graph?g0.expr=...',
        fingerprint: 'beef0123456789ab',
      },
    ],
    ...overrides,
  };
}

function grafanaPayload() {
  return {
    receiver: 'flare',
    status: 'firing',
    orgId: 1,
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'CPU high', grafana_folder: 'Infra', team: 'platform' },
        annotations: {},
        startsAt: '2026-12-07T10:00:00Z',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'https://grafana.example/alerting/grafana/abc/view',
        fingerprint: '57c6d9296de2ad39',
        silenceURL: 'https://grafana.example/alerting/silence/new',
        dashboardURL: '',
        panelURL: '',
        values: { B: 97.2, C: 1 },
        valueString: "[ var='B' labels={} value=97.2 ]",
      },
    ],
    groupLabels: { alertname: 'CPU high' },
    commonLabels: { alertname: 'CPU high' },
    commonAnnotations: {},
    externalURL: 'https://grafana.example/',
    version: '1',
    groupKey: '{}:{alertname="CPU high"}',
    truncatedAlerts: 0,
    title: '[FIRING:1] CPU high Infra',
    state: 'alerting',
    message: '**Firing**\n\nValue: B=97.2',
  };
}

function snsNotification(alarm: Record<string, unknown>, type = 'Notification') {
  return {
    Type: type,
    MessageId: '6f2b1c1e-1111-4222-8333-944455556666',
    TopicArn: 'arn:aws:sns:us-east-1:123456789012:alarms',
    Subject: 'ALARM: "checkout-5xx" in US East (N. Virginia)',
    Message: JSON.stringify(alarm),
    Timestamp: '2026-12-07T10:00:00.000Z',
    SignatureVersion: '1',
    Signature: 'c2lnbmF0dXJl',
    SigningCertURL: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-example.pem',
    UnsubscribeURL: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=...',
  };
}

const alarm = {
  AlarmName: 'checkout-5xx',
  AlarmDescription: 'Checkout returns 5xx',
  AWSAccountId: '123456789012',
  NewStateValue: 'ALARM',
  NewStateReason: 'Threshold Crossed: 1 datapoint [12.0] was greater than the threshold (5.0).',
  StateChangeTime: '2026-12-07T10:00:00.000+0000',
  Region: 'US East (N. Virginia)',
  AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:checkout-5xx',
  OldStateValue: 'OK',
  Trigger: { MetricName: '5XXError', Namespace: 'AWS/ApiGateway', Statistic: 'SUM', Threshold: 5 },
};

function problem(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof PayloadError) return error.message;
    throw error;
  }
  throw new Error('no PayloadError');
}

describe('Alertmanager webhook (version 4)', () => {
  it('gives one alert per entry: summary as title, label severity, per-alert status, prefixed fingerprint', () => {
    // Act
    const alerts = normalizeAlerts('ALERTMANAGER', alertmanagerPayload());

    // Assess
    expect(alerts).toEqual([
      {
        fingerprint: 'alertmanager:c0ffee0123456789',
        title: 'Checkout 5xx above 5%',
        description: '7% of requests failed in 5 minutes',
        severity: 'SEV1',
        status: 'FIRING',
        source: 'alertmanager: HighErrorRate',
      },
      { fingerprint: 'alertmanager:beef0123456789ab', title: 'HighErrorRate', severity: 'SEV3', status: 'RESOLVED', source: 'alertmanager: HighErrorRate' },
    ]);
  });

  it('hashes the labels when an alert has no fingerprint, the same for the same labels in any order', () => {
    // Prepare
    const alert = (labels: Record<string, string>) => alertmanagerPayload({ alerts: [{ status: 'firing', labels, annotations: {} }] });

    // Act
    const [a] = normalizeAlerts('ALERTMANAGER', alert({ alertname: 'X', job: 'j' }));
    const [b] = normalizeAlerts('ALERTMANAGER', alert({ job: 'j', alertname: 'X' }));
    const [c] = normalizeAlerts('ALERTMANAGER', alert({ alertname: 'X', job: 'k' }));

    // Assess
    expect(a.fingerprint).toMatch(/^alertmanager:[0-9a-f]{64}$/);
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(c.fingerprint).not.toBe(a.fingerprint);
  });

  it('names what is wrong', () => {
    expect(problem(() => normalizeAlerts('ALERTMANAGER', []))).toBe('An alertmanager webhook body is a JSON object');
    expect(problem(() => normalizeAlerts('ALERTMANAGER', { version: '4' }))).toBe('alerts must be an array');
    expect(problem(() => normalizeAlerts('ALERTMANAGER', alertmanagerPayload({ version: '3' })))).toBe('Alertmanager webhook version "3" is not supported (version "4" is)');
    expect(problem(() => normalizeAlerts('ALERTMANAGER', alertmanagerPayload({ alerts: [{ labels: { alertname: 1 } }] })))).toBe('alerts[0].labels.alertname must be a string');
    expect(problem(() => normalizeAlerts('ALERTMANAGER', alertmanagerPayload({ alerts: [{ labels: { job: 'x' } }] })))).toBe('alerts[0] has no labels.alertname and no summary annotation to title it');
    expect(problem(() => normalizeAlerts('ALERTMANAGER', alertmanagerPayload({ alerts: [{ status: 'pending', labels: { alertname: 'x' } }] })))).toBe('alerts[0].status must be "firing" or "resolved" (got "pending")');
  });

  it('refuses more than the per-request limit', () => {
    const many = alertmanagerPayload({ alerts: Array.from({ length: MAX_ALERTS_PER_REQUEST + 1 }, (_, i) => ({ labels: { alertname: `a${i}` } })) });
    expect(problem(() => normalizeAlerts('ALERTMANAGER', many))).toBe(`At most ${MAX_ALERTS_PER_REQUEST} alerts per request (got ${MAX_ALERTS_PER_REQUEST + 1})`);
  });
});

describe('Grafana alerting webhook', () => {
  it('reads the alertname as title, the value string as description, and no severity (the default applies)', () => {
    expect(normalizeAlerts('GRAFANA', grafanaPayload())).toEqual([
      {
        fingerprint: 'grafana:57c6d9296de2ad39',
        title: 'CPU high',
        description: "[ var='B' labels={} value=97.2 ]",
        status: 'FIRING',
        source: 'grafana: CPU high',
      },
    ]);
  });

  it('accepts Grafana\'s version "1" (only Alertmanager\'s version is checked)', () => {
    expect(normalizeAlerts('GRAFANA', { ...grafanaPayload(), version: '1' })).toHaveLength(1);
  });
});

describe('CloudWatch alarm through SNS', () => {
  it('is FIRING in ALARM and RESOLVED in OK, keyed by the alarm ARN', () => {
    // Act
    const [firing] = normalizeAlerts('CLOUDWATCH_SNS', snsNotification(alarm));
    const [ok] = normalizeAlerts('CLOUDWATCH_SNS', snsNotification({ ...alarm, NewStateValue: 'OK', OldStateValue: 'ALARM' }));

    // Assess
    expect(firing).toEqual({
      fingerprint: 'cloudwatch:arn:aws:cloudwatch:us-east-1:123456789012:alarm:checkout-5xx',
      title: 'checkout-5xx',
      description: `Checkout returns 5xx\n\n${alarm.NewStateReason}`,
      status: 'FIRING',
      source: 'cloudwatch: checkout-5xx',
    });
    expect(ok).toMatchObject({ fingerprint: firing.fingerprint, status: 'RESOLVED' });
  });

  it('carries no alert for INSUFFICIENT_DATA', () => {
    expect(normalizeAlerts('CLOUDWATCH_SNS', snsNotification({ ...alarm, NewStateValue: 'INSUFFICIENT_DATA' }))).toEqual([]);
  });

  it('names what is wrong, including SNS messages that are not notifications', () => {
    expect(problem(() => normalizeAlerts('CLOUDWATCH_SNS', snsNotification(alarm, 'SubscriptionConfirmation')))).toBe(
      'SNS message Type "SubscriptionConfirmation" carries no alarm (only "Notification" does)',
    );
    expect(problem(() => normalizeAlerts('CLOUDWATCH_SNS', { ...snsNotification(alarm), Message: 'plain text' }))).toBe('Message is not JSON: is the topic fed by a CloudWatch alarm?');
    expect(problem(() => normalizeAlerts('CLOUDWATCH_SNS', snsNotification({ ...alarm, AlarmName: undefined })))).toBe('Message.AlarmName is required');
    expect(problem(() => normalizeAlerts('CLOUDWATCH_SNS', snsNotification({ ...alarm, NewStateValue: 'BROKEN' })))).toBe(
      'Message.NewStateValue must be ALARM, OK or INSUFFICIENT_DATA (got "BROKEN")',
    );
  });
});

describe('generic JSON', () => {
  it('takes one alert or a list, with the title as the fingerprint when none is given', () => {
    expect(normalizeAlerts('GENERIC', { title: ' Disk full ' })).toEqual([{ fingerprint: 'Disk full', title: 'Disk full', status: 'FIRING', source: 'generic' }]);
    expect(
      normalizeAlerts('GENERIC', {
        alerts: [
          { title: 'Queue backlog', fingerprint: 'queue-1', severity: 'SEV2', status: 'resolved', description: 'drained', source: 'cron' },
          { title: 'Latency', severity: 'high' },
        ],
      }),
    ).toEqual([
      { fingerprint: 'queue-1', title: 'Queue backlog', severity: 'SEV2', status: 'RESOLVED', description: 'drained', source: 'cron' },
      { fingerprint: 'Latency', title: 'Latency', severity: 'SEV2', status: 'FIRING', source: 'generic' },
    ]);
  });

  it('names what is wrong', () => {
    expect(problem(() => normalizeAlerts('GENERIC', 'text'))).toBe('The body must be a JSON object: one alert, or { "alerts": [...] }');
    expect(problem(() => normalizeAlerts('GENERIC', { alerts: [{}] }))).toBe('alerts[0].title is required');
    expect(problem(() => normalizeAlerts('GENERIC', { title: 'x', severity: 'SEV9' }))).toBe('the alert.severity "SEV9" is not one of SEV1, SEV2, SEV3, SEV4 (or critical, high, warning, info)');
    expect(problem(() => normalizeAlerts('GENERIC', { title: 5 }))).toBe('the alert.title must be a string');
  });

  it('clips titles and descriptions to what reportAlert accepts, and hashes an over-long fingerprint', () => {
    // Act
    const [alert] = normalizeAlerts('GENERIC', { title: 't'.repeat(500), description: 'd'.repeat(5000), fingerprint: 'f'.repeat(300) });

    // Assess
    expect(alert.title).toHaveLength(TEXT_LIMITS.incidentTitle);
    expect(alert.title.endsWith('…')).toBe(true);
    expect(alert.description).toHaveLength(TEXT_LIMITS.incidentDescription);
    expect(alert.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('severityFrom', () => {
  it('maps Flare names and common tool names, and nothing else', () => {
    expect(['SEV1', 'sev2', 'critical', 'Error', 'warning', 'info', 'page'].map(severityFrom)).toEqual(['SEV1', 'SEV2', 'SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV1']);
    expect(severityFrom('whatever')).toBeUndefined();
    expect(severityFrom(undefined)).toBeUndefined();
  });
});

import { NotImplementedLocallyError } from '../errors';
import type { Operation } from './context';

/**
 * DynamoDB operations the local service does not run, each answering with an error that
 * names it (rather than the edge's generic unknown-operation answer, or a silent success).
 */
const MISSING: Record<string, string> = {
  ExecuteStatement: 'PartiQL',
  BatchExecuteStatement: 'PartiQL',
  ExecuteTransaction: 'PartiQL',
  CreateBackup: 'backups',
  DeleteBackup: 'backups',
  DescribeBackup: 'backups',
  ListBackups: 'backups',
  RestoreTableFromBackup: 'backups',
  RestoreTableToPointInTime: 'point-in-time recovery',
  DescribeContinuousBackups: 'point-in-time recovery',
  UpdateContinuousBackups: 'point-in-time recovery',
  CreateGlobalTable: 'global tables',
  DescribeGlobalTable: 'global tables',
  DescribeGlobalTableSettings: 'global tables',
  ListGlobalTables: 'global tables',
  UpdateGlobalTable: 'global tables',
  UpdateGlobalTableSettings: 'global tables',
  DescribeTableReplicaAutoScaling: 'global tables',
  UpdateTableReplicaAutoScaling: 'global tables',
  ExportTableToPointInTime: 'exports to S3',
  DescribeExport: 'exports to S3',
  ListExports: 'exports to S3',
  ImportTable: 'imports from S3',
  DescribeImport: 'imports from S3',
  ListImports: 'imports from S3',
  DescribeKinesisStreamingDestination: 'Kinesis streaming',
  EnableKinesisStreamingDestination: 'Kinesis streaming',
  DisableKinesisStreamingDestination: 'Kinesis streaming',
  UpdateKinesisStreamingDestination: 'Kinesis streaming',
  DescribeContributorInsights: 'Contributor Insights',
  ListContributorInsights: 'Contributor Insights',
  UpdateContributorInsights: 'Contributor Insights',
  GetResourcePolicy: 'resource-based policies',
  PutResourcePolicy: 'resource-based policies',
  DeleteResourcePolicy: 'resource-based policies',
};

export const notImplementedOperations: Record<string, Operation> = Object.fromEntries(
  Object.entries(MISSING).map(([name, what]) => [name, async () => Promise.reject(new NotImplementedLocallyError(name, what))]),
);

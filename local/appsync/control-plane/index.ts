import type { RestJsonCall, RestJsonOperation } from '../../edge';
import type { GraphQLApiModel } from '../api/graphql-api';
import { listApiKeys } from './listApiKeys';
import { listDataSources } from './listDataSources';
import { listGraphqlApis } from './listGraphqlApis';

/** What the control-plane operations read: the served APIs and where they are. */
export interface ControlPlane {
  apis(): readonly { model: GraphQLApiModel; path: string }[];
  /** The edge URL (`http://127.0.0.1:4566`), for the APIs' `uris`. */
  endpoint: string;
  /** Checks `appsync:<action>` on `resource` for the caller; throws AccessDeniedException. */
  authorize(call: RestJsonCall, action: string, resource: string): void;
}

export type ControlPlaneOperation = (plane: ControlPlane) => RestJsonOperation;

/**
 * The read side of AppSync's control-plane API (`/v1/apis…`): what tools and the console
 * use to find an API, its URLs, auth modes, keys and data sources. APIs come from the
 * assembly, so nothing here creates or changes them.
 */
export const CONTROL_PLANE_OPERATIONS: readonly ControlPlaneOperation[] = [listGraphqlApis, listApiKeys, listDataSources];

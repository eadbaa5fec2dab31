// The closed sets the forms offer, typed by the schema: a value the schema
// drops or renames fails `make check-ui`.
import type { DeniedAction, FlowAuthentication, FlowDesignation, FlowLayout, PolicyEngineMode } from './gql/graphql';
import { label } from './dom';
import { DESIGNATIONS } from './routes';

function opts<T extends string>(values: readonly T[]): ReadonlyArray<readonly [string, string]> {
  return values.map((v) => [v, label(v)] as const);
}

export const designationOptions = opts<FlowDesignation>(DESIGNATIONS);
export const layoutOptions = opts<FlowLayout>(['STACKED', 'CONTENT_LEFT', 'CONTENT_RIGHT', 'SIDEBAR_LEFT', 'SIDEBAR_RIGHT',
  'SIDEBAR_LEFT_FRAME_BACKGROUND', 'SIDEBAR_RIGHT_FRAME_BACKGROUND']);
export const deniedActionOptions = opts<DeniedAction>(['MESSAGE_CONTINUE', 'MESSAGE', 'CONTINUE']);
export const authenticationOptions = opts<FlowAuthentication>(['NONE', 'REQUIRE_AUTHENTICATED', 'REQUIRE_UNAUTHENTICATED',
  'REQUIRE_SUPERUSER', 'REQUIRE_REDIRECT', 'REQUIRE_OUTPOST']);
export const policyEngineModeOptions = opts<PolicyEngineMode>(['ALL', 'ANY']);

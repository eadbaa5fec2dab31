/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type CreateFlowInput = {
  authentication?: FlowAuthentication | null | undefined;
  /** A file reference for the background (authentik 2026 and later). */
  background?: string | null | undefined;
  compatibilityMode?: boolean | null | undefined;
  deniedAction?: DeniedAction | null | undefined;
  designation: FlowDesignation;
  layout?: FlowLayout | null | undefined;
  /** Must not be blank. */
  name: string;
  policyEngineMode?: PolicyEngineMode | null | undefined;
  /** Letters, digits, '-' and '_'; unique. */
  slug: string;
  /** Must not be blank. */
  title: string;
};

export type CreateFlowStageBindingInput = {
  /** Default false. */
  evaluateOnPlan?: boolean | null | undefined;
  /** The flow's uuid. Give exactly one of flowPk and flowSlug. */
  flowPk?: string | null | undefined;
  /** The flow's slug (resolved to its uuid first). */
  flowSlug?: string | null | undefined;
  /** Default RETRY. */
  invalidResponseAction?: InvalidResponseAction | null | undefined;
  /** Position in the flow, a 32-bit integer; (flow, stage, order) must be unique. */
  order: number;
  /** Default ANY. */
  policyEngineMode?: PolicyEngineMode | null | undefined;
  /** Default true. */
  reEvaluatePolicies?: boolean | null | undefined;
  /** The stage's uuid. */
  stagePk: string;
};

/** What the flow does when access is denied (authentik's DeniedActionEnum). */
export type DeniedAction =
  | 'CONTINUE'
  | 'MESSAGE'
  | 'MESSAGE_CONTINUE';

/** Who may run a flow (authentik's AuthenticationEnum). */
export type FlowAuthentication =
  | 'NONE'
  | 'REQUIRE_AUTHENTICATED'
  | 'REQUIRE_OUTPOST'
  | 'REQUIRE_REDIRECT'
  | 'REQUIRE_SUPERUSER'
  | 'REQUIRE_UNAUTHENTICATED';

/** What a flow is for (authentik's FlowDesignationEnum). */
export type FlowDesignation =
  | 'AUTHENTICATION'
  | 'AUTHORIZATION'
  | 'ENROLLMENT'
  | 'INVALIDATION'
  | 'RECOVERY'
  | 'STAGE_CONFIGURATION'
  | 'UNENROLLMENT';

/** Exact-match filters on flows (authentik's filters on /flows/instances/). */
export type FlowFilter = {
  deniedAction?: DeniedAction | null | undefined;
  designation?: FlowDesignation | null | undefined;
  name?: string | null | undefined;
  pk?: string | null | undefined;
  slug?: string | null | undefined;
};

/** How the flow's page is laid out (authentik's FlowLayoutEnum). */
export type FlowLayout =
  | 'CONTENT_LEFT'
  | 'CONTENT_RIGHT'
  | 'SIDEBAR_LEFT'
  | 'SIDEBAR_LEFT_FRAME_BACKGROUND'
  | 'SIDEBAR_RIGHT'
  | 'SIDEBAR_RIGHT_FRAME_BACKGROUND'
  | 'STACKED';

/** authentik's InvalidResponseActionEnum. */
export type InvalidResponseAction =
  | 'RESTART'
  | 'RESTART_WITH_CONTEXT'
  | 'RETRY';

/** How authentik evaluates several policies bound to one object. */
export type PolicyEngineMode =
  /** All policies must pass. */
  | 'ALL'
  /** Any one policy passing is enough. */
  | 'ANY';

/** Fields to change; a field left out or null keeps its value. */
export type UpdateFlowInput = {
  authentication?: FlowAuthentication | null | undefined;
  background?: string | null | undefined;
  compatibilityMode?: boolean | null | undefined;
  deniedAction?: DeniedAction | null | undefined;
  designation?: FlowDesignation | null | undefined;
  layout?: FlowLayout | null | undefined;
  name?: string | null | undefined;
  policyEngineMode?: PolicyEngineMode | null | undefined;
  slug?: string | null | undefined;
  title?: string | null | undefined;
};

export type DashboardCreateFlowMutationVariables = Exact<{
  input: CreateFlowInput;
}>;


export type DashboardCreateFlowMutation = { createFlow: { pk: string, slug: string } };

export type FlowDetailFragment = { pk: string, slug: string, name: string, title: string, designation: FlowDesignation | null, authentication: FlowAuthentication | null, layout: FlowLayout | null, deniedAction: DeniedAction | null, policyEngineMode: PolicyEngineMode | null, compatibilityMode: boolean, diagram: string | null, bindings: Array<{ pk: string, order: number, evaluateOnPlan: boolean, reEvaluatePolicies: boolean, policyEngineMode: PolicyEngineMode | null, invalidResponseAction: InvalidResponseAction | null, stage:
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
     }> };

export type DashboardFlowQueryVariables = Exact<{
  slug: string;
}>;


export type DashboardFlowQuery = { flow: { pk: string, slug: string, name: string, title: string, designation: FlowDesignation | null, authentication: FlowAuthentication | null, layout: FlowLayout | null, deniedAction: DeniedAction | null, policyEngineMode: PolicyEngineMode | null, compatibilityMode: boolean, diagram: string | null, bindings: Array<{ pk: string, order: number, evaluateOnPlan: boolean, reEvaluatePolicies: boolean, policyEngineMode: PolicyEngineMode | null, invalidResponseAction: InvalidResponseAction | null, stage:
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
       }> } | null };

export type DashboardUpdateFlowMutationVariables = Exact<{
  slug: string;
  input: UpdateFlowInput;
}>;


export type DashboardUpdateFlowMutation = { updateFlow: { pk: string, slug: string, name: string, title: string, designation: FlowDesignation | null, authentication: FlowAuthentication | null, layout: FlowLayout | null, deniedAction: DeniedAction | null, policyEngineMode: PolicyEngineMode | null, compatibilityMode: boolean, diagram: string | null, bindings: Array<{ pk: string, order: number, evaluateOnPlan: boolean, reEvaluatePolicies: boolean, policyEngineMode: PolicyEngineMode | null, invalidResponseAction: InvalidResponseAction | null, stage:
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
       }> } };

export type DashboardDeleteFlowMutationVariables = Exact<{
  slug: string;
}>;


export type DashboardDeleteFlowMutation = { deleteFlow: { pk: string } };

export type DashboardReorderMutationVariables = Exact<{
  flowSlug: string;
  bindingPks: Array<string> | string;
}>;


export type DashboardReorderMutation = { reorderFlowStages: { pk: string, slug: string, name: string, title: string, designation: FlowDesignation | null, authentication: FlowAuthentication | null, layout: FlowLayout | null, deniedAction: DeniedAction | null, policyEngineMode: PolicyEngineMode | null, compatibilityMode: boolean, diagram: string | null, bindings: Array<{ pk: string, order: number, evaluateOnPlan: boolean, reEvaluatePolicies: boolean, policyEngineMode: PolicyEngineMode | null, invalidResponseAction: InvalidResponseAction | null, stage:
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
        | { pk: string, name: string, verboseName: string }
       }> } };

export type DashboardBindMutationVariables = Exact<{
  input: CreateFlowStageBindingInput;
}>;


export type DashboardBindMutation = { createFlowStageBinding: { pk: string, stage:
      | { name: string }
      | { name: string }
      | { name: string }
      | { name: string }
      | { name: string }
      | { name: string }
      | { name: string }
      | { name: string }
      | { name: string }
      | { name: string }
      | { name: string }
      | { name: string }
      | { name: string }
      | { name: string }
      | { name: string }
      | { name: string }
      | { name: string }
      | { name: string }
      | { name: string }
    , target: { pk: string, slug: string, name: string, title: string, designation: FlowDesignation | null, authentication: FlowAuthentication | null, layout: FlowLayout | null, deniedAction: DeniedAction | null, policyEngineMode: PolicyEngineMode | null, compatibilityMode: boolean, diagram: string | null, bindings: Array<{ pk: string, order: number, evaluateOnPlan: boolean, reEvaluatePolicies: boolean, policyEngineMode: PolicyEngineMode | null, invalidResponseAction: InvalidResponseAction | null, stage:
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
         }> } } };

export type DashboardUnbindMutationVariables = Exact<{
  pk: string;
}>;


export type DashboardUnbindMutation = { deleteFlowStageBinding: { pk: string } };

export type DashboardStagesQueryVariables = Exact<{
  search?: string | null | undefined;
}>;


export type DashboardStagesQuery = { stages: { totalCount: number, nodes: Array<
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
      | { pk: string, name: string, verboseName: string }
     | null> } };

export type DashboardFlowsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  search?: string | null | undefined;
  filter?: FlowFilter | null | undefined;
}>;


export type DashboardFlowsQuery = { flows: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ pk: string, slug: string, name: string, title: string, designation: FlowDesignation | null, bindings: Array<{ pk: string, order: number, stage:
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
          | { pk: string, name: string, verboseName: string }
         }> } | null> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const FlowDetailFragmentDoc = new TypedDocumentString(`
    fragment FlowDetail on Flow {
  pk
  slug
  name
  title
  designation
  authentication
  layout
  deniedAction
  policyEngineMode
  compatibilityMode
  diagram
  bindings {
    pk
    order
    evaluateOnPlan
    reEvaluatePolicies
    policyEngineMode
    invalidResponseAction
    stage {
      pk
      name
      verboseName
    }
  }
}
    `, {"fragmentName":"FlowDetail"}) as unknown as TypedDocumentString<FlowDetailFragment, unknown>;
export const DashboardCreateFlowDocument = new TypedDocumentString(`
    mutation DashboardCreateFlow($input: CreateFlowInput!) {
  createFlow(input: $input) {
    pk
    slug
  }
}
    `) as unknown as TypedDocumentString<DashboardCreateFlowMutation, DashboardCreateFlowMutationVariables>;
export const DashboardFlowDocument = new TypedDocumentString(`
    query DashboardFlow($slug: String!) {
  flow(slug: $slug) {
    ...FlowDetail
  }
}
    fragment FlowDetail on Flow {
  pk
  slug
  name
  title
  designation
  authentication
  layout
  deniedAction
  policyEngineMode
  compatibilityMode
  diagram
  bindings {
    pk
    order
    evaluateOnPlan
    reEvaluatePolicies
    policyEngineMode
    invalidResponseAction
    stage {
      pk
      name
      verboseName
    }
  }
}`) as unknown as TypedDocumentString<DashboardFlowQuery, DashboardFlowQueryVariables>;
export const DashboardUpdateFlowDocument = new TypedDocumentString(`
    mutation DashboardUpdateFlow($slug: String!, $input: UpdateFlowInput!) {
  updateFlow(slug: $slug, input: $input) {
    ...FlowDetail
  }
}
    fragment FlowDetail on Flow {
  pk
  slug
  name
  title
  designation
  authentication
  layout
  deniedAction
  policyEngineMode
  compatibilityMode
  diagram
  bindings {
    pk
    order
    evaluateOnPlan
    reEvaluatePolicies
    policyEngineMode
    invalidResponseAction
    stage {
      pk
      name
      verboseName
    }
  }
}`) as unknown as TypedDocumentString<DashboardUpdateFlowMutation, DashboardUpdateFlowMutationVariables>;
export const DashboardDeleteFlowDocument = new TypedDocumentString(`
    mutation DashboardDeleteFlow($slug: String!) {
  deleteFlow(slug: $slug) {
    pk
  }
}
    `) as unknown as TypedDocumentString<DashboardDeleteFlowMutation, DashboardDeleteFlowMutationVariables>;
export const DashboardReorderDocument = new TypedDocumentString(`
    mutation DashboardReorder($flowSlug: String!, $bindingPks: [ID!]!) {
  reorderFlowStages(flowSlug: $flowSlug, bindingPks: $bindingPks) {
    ...FlowDetail
  }
}
    fragment FlowDetail on Flow {
  pk
  slug
  name
  title
  designation
  authentication
  layout
  deniedAction
  policyEngineMode
  compatibilityMode
  diagram
  bindings {
    pk
    order
    evaluateOnPlan
    reEvaluatePolicies
    policyEngineMode
    invalidResponseAction
    stage {
      pk
      name
      verboseName
    }
  }
}`) as unknown as TypedDocumentString<DashboardReorderMutation, DashboardReorderMutationVariables>;
export const DashboardBindDocument = new TypedDocumentString(`
    mutation DashboardBind($input: CreateFlowStageBindingInput!) {
  createFlowStageBinding(input: $input) {
    pk
    stage {
      name
    }
    target {
      ...FlowDetail
    }
  }
}
    fragment FlowDetail on Flow {
  pk
  slug
  name
  title
  designation
  authentication
  layout
  deniedAction
  policyEngineMode
  compatibilityMode
  diagram
  bindings {
    pk
    order
    evaluateOnPlan
    reEvaluatePolicies
    policyEngineMode
    invalidResponseAction
    stage {
      pk
      name
      verboseName
    }
  }
}`) as unknown as TypedDocumentString<DashboardBindMutation, DashboardBindMutationVariables>;
export const DashboardUnbindDocument = new TypedDocumentString(`
    mutation DashboardUnbind($pk: ID!) {
  deleteFlowStageBinding(pk: $pk) {
    pk
  }
}
    `) as unknown as TypedDocumentString<DashboardUnbindMutation, DashboardUnbindMutationVariables>;
export const DashboardStagesDocument = new TypedDocumentString(`
    query DashboardStages($search: String) {
  stages(first: 100, search: $search, orderBy: {field: NAME}) {
    totalCount
    nodes {
      pk
      name
      verboseName
    }
  }
}
    `) as unknown as TypedDocumentString<DashboardStagesQuery, DashboardStagesQueryVariables>;
export const DashboardFlowsDocument = new TypedDocumentString(`
    query DashboardFlows($first: Int!, $after: String, $search: String, $filter: FlowFilter) {
  flows(first: $first, after: $after, search: $search, filter: $filter) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      pk
      slug
      name
      title
      designation
      bindings {
        pk
        order
        stage {
          pk
          name
          verboseName
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<DashboardFlowsQuery, DashboardFlowsQueryVariables>;